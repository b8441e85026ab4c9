import { ObjectId, type MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { TOASTIES, ToastieRepository, type Toastie } from '../src/toasties/ToastieRepository.js';

const dbName = uniqueDbName('jafflr');
const storedDbName = uniqueDbName('jafflr_stored');
let mongo: MongoClient;
let toasties: ToastieRepository;

beforeAll(async () => {
  mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test', monitorCommands: true });
  toasties = new ToastieRepository(mongo.db(dbName));
});
afterAll(async () => {
  await mongo.close();
  await dropDatabases([dbName, storedDbName]);
});

describe('which toasties a store from before the list shows, once set up', () => {
  const cases = [
    { name: 'one recorded before statuses existed', status: undefined, shown: true, outcome: 'MADE' },
    { name: 'a made one', status: 'MADE', shown: true, outcome: 'MADE' },
    // Left by a version before toasties in progress had a collection of their own: it never took stock.
    { name: 'a pending one', status: 'PENDING', shown: false, outcome: 'FAILED' },
    { name: 'a failed one', status: 'FAILED', shown: false, outcome: 'FAILED' },
  ] as const;
  const ids = cases.map(() => new ObjectId());
  let stored: ToastieRepository;

  beforeAll(async () => {
    const db = mongo.db(storedDbName);
    await db.collection(TOASTIES).insertMany(
      cases.map(({ status }, i) => ({
        _id: ids[i]!,
        ingredients: ['cheese', 'bread', 'bread'],
        doneness: 'LIGHT',
        createdAt: new Date(Date.now() - i),
        ...(status ? { status } : {}),
      })),
    );
    expect((await setupDatabase(db)).listBuilt).toBe(true);
    stored = new ToastieRepository(db);
  });

  it.each(cases.map((c, i) => ({ ...c, i })))('$name: shown $shown', async ({ i, shown, outcome }) => {
    const id = ids[i]!.toHexString();
    expect((await stored.findById(id))?.id).toBe(shown ? id : undefined);
    expect((await stored.latest(20)).some((t) => t.id === id)).toBe(shown);
    expect((await stored.findOutcome(id))?.status).toBe(outcome);
  });
});

describe('the list of recent toasties', () => {
  /** Toasties made one second apart, oldest first, each decided and listed as the maker does. */
  async function make(customers: (string | null)[]): Promise<string[]> {
    const start = Date.now() - 60_000;
    const made: string[] = [];
    for (const [i, customer] of customers.entries()) {
      const toastie: Toastie = {
        ...toasties.plan(['cheese', 'bread', 'bread'], 'LIGHT', customer),
        createdAt: new Date(start + i * 1000),
      };
      await toasties.list(await toasties.decide(toastie, 'MADE'));
      made.push(toastie.id);
    }
    return made;
  }

  const cases = [
    { name: 'newest first', made: 3, last: 3, shown: [2, 1, 0] },
    { name: 'the newest `last`', made: 5, last: 2, shown: [4, 3] },
    { name: 'fewer made than asked for', made: 2, last: 20, shown: [1, 0] },
    { name: 'the most the list holds', made: 30, last: 20, shown: Array.from({ length: 20 }, (_, i) => 29 - i) },
    { name: 'a page longer than the list', made: 30, last: 25, shown: Array.from({ length: 25 }, (_, i) => 29 - i) },
  ];
  it.each(cases)('$name', async ({ made, last, shown }) => {
    await mongo.db(dbName).dropDatabase();
    const ids = await make(Array.from({ length: made }, (_, i) => (i % 2 ? 'ann' : null)));
    const latest = await toasties.latest(last);
    expect(latest.map((t) => t.id)).toEqual(shown.map((i) => ids[i]));
    expect(latest[0]).toMatchObject({
      ingredients: ['cheese', 'bread', 'bread'],
      doneness: 'LIGHT',
      customer: shown[0]! % 2 ? 'ann' : null,
      status: 'MADE',
      failure: null,
    });
  });

  it('gives pages of many lengths, each as `latest` gives it alone, in one read of the list and one of the collection', async () => {
    await mongo.db(dbName).dropDatabase();
    await make(Array.from({ length: 30 }, () => null));
    const limits = [3, 25, 20, 1, 30, 3];
    const alone = await Promise.all(limits.map((limit) => toasties.latest(limit)));
    const commands: string[] = [];
    const count = (event: { commandName: string }) => commands.push(event.commandName);
    mongo.on('commandStarted', count);
    try {
      expect(await toasties.latestPages(limits)).toEqual(alone);
    } finally {
      mongo.off('commandStarted', count);
    }
    expect(commands.sort()).toEqual(['find', 'find']);
  });

  it('never lists a failed toastie', async () => {
    const toastie = toasties.plan(['cheese', 'bread', 'bread'], 'LIGHT', null);
    const failed = await toasties.decide(toastie, 'FAILED', { code: 'X', message: 'x', extensions: {} });
    await expect(toasties.list(failed)).rejects.toThrow(/only made toasties are listed/);
    expect((await toasties.latest(20)).some((t) => t.id === toastie.id)).toBe(false);
  });
});
