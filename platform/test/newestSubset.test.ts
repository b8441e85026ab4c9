import type { CommandStartedEvent } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../test/support/databases.js';
import { NewestSubset, type ListEntry } from '../newestSubset.js';

interface Entry extends ListEntry {
  name: string;
}

const database = useTestDatabase('newest_subset', { monitorCommands: true });
let collections = 0;

/** A subset in a collection of its own, so that cases do not see each other's lists. */
function subset(keep: number, trimEvery?: number): NewestSubset<Entry> {
  collections += 1;
  return new NewestSubset<Entry>(database.db, `lists_${collections}`, keep, trimEvery);
}

const at = (second: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
const entry = (second: number): Entry => ({ name: `n${second}`, createdAt: at(second) });

describe('NewestSubset', () => {
  const cases: { name: string; keep: number; puts: [id: string, second: number][]; limit: number; want: string[] }[] = [
    {
      name: 'newest first',
      keep: 10,
      puts: [
        ['a', 1],
        ['b', 3],
        ['c', 2],
      ],
      limit: 10,
      want: ['b', 'c', 'a'],
    },
    {
      name: 'limit',
      keep: 10,
      puts: [
        ['a', 1],
        ['b', 3],
        ['c', 2],
      ],
      limit: 2,
      want: ['b', 'c'],
    },
    {
      name: 'ties by id, highest first',
      keep: 10,
      puts: [
        ['a', 1],
        ['c', 1],
        ['b', 1],
      ],
      limit: 3,
      want: ['c', 'b', 'a'],
    },
    {
      name: 'a repeated put is one item',
      keep: 10,
      puts: [
        ['a', 1],
        ['a', 1],
        ['b', 2],
      ],
      limit: 10,
      want: ['b', 'a'],
    },
    {
      name: 'a late item older than the newest `keep` is trimmed away',
      keep: 2,
      puts: [
        ['a', 5],
        ['b', 6],
        ['c', 7],
        ['old', 1],
      ],
      limit: 2,
      want: ['c', 'b'],
    },
    { name: 'an empty list', keep: 10, puts: [], limit: 5, want: [] },
  ];
  it.each(cases)('$name', async ({ keep, puts, limit, want }) => {
    const lists = subset(keep, 1);
    for (const [id, second] of puts) await lists.put(['recent'], id, entry(second));
    const newest = await lists.newest('recent', limit);
    expect(newest.map(({ id }) => id)).toEqual(want);
    expect(newest.map(({ name, createdAt }) => ({ name, createdAt }))).toEqual(
      want.map((id) => entry(puts.find(([p]) => p === id)![1])),
    );
  });

  it('keeps the newest `keep` and at most `trimEvery` more, however many are put', async () => {
    const lists = subset(5, 3);
    for (let second = 0; second < 40; second += 1) await lists.put(['recent'], `i${second}`, entry(second));
    const document = await database.db.collection(`lists_${collections}`).findOne({ _id: 'recent' as never });
    expect(Object.keys(document!.entries as object).length).toBeLessThanOrEqual(5 + 3);
    expect((await lists.newest('recent', 5)).map(({ id }) => id)).toEqual(['i39', 'i38', 'i37', 'i36', 'i35']);
  });

  it('reads a list back only at every `trimEvery`-th put of a process, and at its first', async () => {
    const lists = subset(5, 4);
    const commands: string[] = [];
    const listen = (event: CommandStartedEvent) => {
      if (event.command[event.commandName] === `lists_${collections}`) commands.push(event.commandName);
    };
    database.mongo.on('commandStarted', listen);
    try {
      for (let second = 0; second < 9; second += 1) await lists.put(['recent'], `i${second}`, entry(second));
    } finally {
      database.mongo.off('commandStarted', listen);
    }
    // Puts 1, 5 and 9 read the list back, and the last finds it past 5 and trims it; the rest only write.
    expect(commands.filter((name) => name === 'findAndModify')).toHaveLength(3);
    expect(commands.filter((name) => name === 'update')).toHaveLength(6 + 1);
    expect((await lists.newest('recent', 5)).map(({ id }) => id)).toEqual(['i8', 'i7', 'i6', 'i5', 'i4']);
  });

  it("never takes an item's stage back: a put racing a later one loses", async () => {
    const lists = subset(10);
    await lists.put(['recent'], 'a', { ...entry(1), name: 'cancelled', stage: 1 });
    await lists.put(['recent'], 'a', { ...entry(1), name: 'picked', stage: 0 });
    expect(await lists.newest('recent', 10)).toEqual([{ id: 'a', name: 'picked', createdAt: at(1), stage: 1 }]);
  });

  it('puts an item in each of its lists and removes it from them', async () => {
    const lists = subset(10);
    await lists.put(['recent', 'customer:ann'], 'a', entry(1));
    await lists.put(['recent'], 'b', entry(2));
    expect((await lists.newest('recent', 10)).map(({ id }) => id)).toEqual(['b', 'a']);
    expect((await lists.newest('customer:ann', 10)).map(({ id }) => id)).toEqual(['a']);
    await lists.remove(['recent', 'customer:ann'], 'a');
    expect((await lists.newest('recent', 10)).map(({ id }) => id)).toEqual(['b']);
    expect(await lists.newest('customer:ann', 10)).toEqual([]);
  });

  it('builds lists from stored items once, merged with what was put meanwhile', async () => {
    const lists = subset(3);
    await lists.put(['recent'], 'put', entry(50));
    async function* stored() {
      for (let second = 0; second < 20; second += 1) {
        yield {
          id: `s${second}`,
          entry: entry(second),
          listIds: ['recent', `customer:${second % 2 ? 'odd' : 'even'}`],
        };
      }
    }
    expect(await lists.buildOnce(stored())).toBe(true);
    expect(await lists.buildOnce(stored())).toBe(false);
    expect((await lists.newest('recent', 3)).map(({ id }) => id)).toEqual(['put', 's19', 's18']);
    expect((await lists.newest('customer:odd', 3)).map(({ id }) => id)).toEqual(['s19', 's17', 's15']);
    expect((await lists.newest('customer:even', 3)).map(({ id }) => id)).toEqual(['s18', 's16', 's14']);
  });

  it('reads a list with one find by `_id`, whatever the number of items put', async () => {
    const lists = subset(20);
    const reads = async () => {
      const finds: CommandStartedEvent[] = [];
      const listen = (event: CommandStartedEvent) => void (event.commandName === 'find' && finds.push(event));
      database.mongo.on('commandStarted', listen);
      try {
        await lists.newest('recent', 20);
      } finally {
        database.mongo.off('commandStarted', listen);
      }
      return finds.map(({ command }) => ({ filter: command.filter as unknown, limit: command.limit as unknown }));
    };
    await lists.put(['recent'], 'first', entry(0));
    const few = await reads();
    for (let second = 1; second < 100; second += 1) await lists.put(['recent'], `i${second}`, entry(second));
    expect(few).toEqual([{ filter: { _id: 'recent' }, limit: 1 }]);
    expect(await reads()).toEqual(few);

    // And the database answers it by `_id`: FerretDB says it pushed the filter down to SQLite's
    // primary-key lookup; MongoDB, that it examined one document.
    const plan = await database.db
      .collection(`lists_${collections}`)
      .find({ _id: 'recent' as never })
      .limit(1)
      .explain('executionStats');
    const stats = plan.executionStats as { totalDocsExamined?: number } | undefined;
    if ('filterPushdown' in plan) expect(plan.filterPushdown).toBe(true);
    else expect(stats?.totalDocsExamined).toBe(1);
  });
});
