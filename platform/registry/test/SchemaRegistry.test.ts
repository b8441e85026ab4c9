import { describe, expect, it } from 'vitest';
import { indexesOf, useTestDatabase } from '../../../test/support/databases.js';
import {
  POINTERS,
  SchemaRegistry,
  setupRegistry,
  StaleVersionError,
  UnknownVersionError,
  VERSIONS,
  type NewVersion,
} from '../SchemaRegistry.js';
import { hourOf, UsageHistory } from '../UsageHistory.js';

const database = useTestDatabase('registry');

const version = (subgraph: string, by = 'alice'): NewVersion => ({
  supergraphSdl: `# ${subgraph} by ${by}`,
  subgraphs: [{ name: subgraph, url: 'http://x/graphql', sdl: 'type Query { a: Int }' }],
  action: 'publish',
  subgraph,
  publishedBy: by,
  changes: [],
  check: { exitCode: 0, summary: 'schema check passed' },
});

describe('SchemaRegistry', () => {
  it('numbers versions from 1, keeps them all, and moves current forward', async () => {
    const registry = new SchemaRegistry(database.db);
    expect(await registry.current()).toBeNull();
    const first = await registry.publish(0, version('chillybin'));
    const second = await registry.publish(1, version('jafflr'));
    expect([first._id, second._id]).toEqual([1, 2]);
    expect((await registry.current())?.subgraph).toBe('jafflr');
    expect((await registry.history()).map((v) => v._id)).toEqual([2, 1]);
    expect((await registry.version(1)).publishedBy).toBe('alice');
  });

  it('refuses a publish against a stale current version, naming who published', async () => {
    const registry = new SchemaRegistry(database.db);
    const current = await registry.currentNumber();
    await registry.publish(current, version('chillybin', 'bob'));
    await expect(registry.publish(current, version('chillybin', 'carol'))).rejects.toThrow(
      new RegExp(`no longer ${current}; version ${current + 1} was published by bob`),
    );
    expect((await registry.current())?.publishedBy).toBe('bob');
  });

  it('lets exactly one of many racing publishers win', async () => {
    const registry = new SchemaRegistry(database.db);
    const current = await registry.currentNumber();
    const racers = ['p1', 'p2', 'p3', 'p4', 'p5'];
    const results = await Promise.allSettled(racers.map((by) => registry.publish(current, version('jafflr', by))));
    const won = results.filter((r) => r.status === 'fulfilled');
    expect(won).toHaveLength(1);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(StaleVersionError);
    expect(await registry.currentNumber()).toBe(current + 1);
  });

  it('moves current on past a version whose publisher stopped before moving it', async () => {
    const registry = new SchemaRegistry(database.db);
    const current = await registry.currentNumber();
    // A publisher killed between its two writes: the version is in, the pointer is not.
    await database.db
      .collection(VERSIONS)
      .insertOne({ ...version('chillybin', 'dave'), _id: current + 1, publishedAt: new Date() } as never);
    expect(await registry.currentNumber()).toBe(current + 1);
    expect(await database.db.collection(POINTERS).findOne({ _id: 'current' as never })).toMatchObject({
      version: current + 1,
    });
  });

  it('says which version does not exist', async () => {
    await expect(new SchemaRegistry(database.db).version(999)).rejects.toThrow(UnknownVersionError);
    await expect(new SchemaRegistry(database.db).version(999)).rejects.toThrow('version 999 does not exist');
  });

  it('sets up its indexes idempotently', async () => {
    await setupRegistry(database.db);
    const before = await indexesOf(database.db);
    const again = await setupRegistry(database.db);
    expect(again.created).toEqual([]);
    expect(await indexesOf(database.db)).toEqual(before);
  });
});

describe('UsageHistory', () => {
  const kiosk = { coordinate: 'Mutation.pick', kind: 'FIELD' as const, clientName: 'kiosk', clientVersion: '1.0' };

  it('adds counts from several gateways into one bucket per coordinate, client and hour', async () => {
    const usage = new UsageHistory(database.db);
    const now = new Date('2026-11-30T10:20:00Z');
    await Promise.all([usage.add([{ ...kiosk, count: 2 }], now), usage.add([{ ...kiosk, count: 3 }], now)]);
    await usage.add([{ ...kiosk, count: 4 }], new Date('2026-11-30T11:05:00Z'));
    await usage.add([{ ...kiosk, count: 100 }], new Date('2026-11-01T10:00:00Z'));

    expect(await usage.since(new Date('2026-11-30T00:00:00Z'))).toEqual([{ ...kiosk, count: 9 }]);
    expect(await usage.hourly('Mutation.pick', new Date('2026-11-30T00:00:00Z'))).toEqual([
      { hour: hourOf(now), count: 5 },
      { hour: new Date('2026-11-30T11:00:00Z'), count: 4 },
    ]);
  });
});
