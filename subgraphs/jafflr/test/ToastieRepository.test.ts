import { ObjectId, type MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { TOASTIES, ToastieRepository } from '../src/toasties/ToastieRepository.js';

const dbName = uniqueDbName('jafflr');
let mongo: MongoClient;
let toasties: ToastieRepository;

beforeAll(async () => {
  mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test' });
  toasties = new ToastieRepository(mongo.db(dbName));
});
afterAll(async () => {
  await mongo.close();
  await dropDatabases([dbName]);
});

describe('which toasties are shown', () => {
  const cases = [
    { name: 'one recorded before statuses existed', status: undefined, shown: true, outcome: 'MADE' },
    { name: 'a made one', status: 'MADE', shown: true, outcome: 'MADE' },
    // Left by a version before toasties in progress had a collection of their own: it never took stock.
    { name: 'a pending one', status: 'PENDING', shown: false, outcome: 'FAILED' },
    { name: 'a failed one', status: 'FAILED', shown: false, outcome: 'FAILED' },
  ] as const;

  it.each(cases)('$name: shown $shown', async ({ status, shown, outcome }) => {
    const _id = new ObjectId();
    await mongo
      .db(dbName)
      .collection(TOASTIES)
      .insertOne({
        _id,
        ingredients: ['cheese', 'bread', 'bread'],
        doneness: 'LIGHT',
        createdAt: new Date(),
        ...(status ? { status } : {}),
      });

    const id = _id.toHexString();
    expect((await toasties.findById(id))?.id).toBe(shown ? id : undefined);
    expect((await toasties.latest(100)).some((t) => t.id === id)).toBe(shown);
    expect((await toasties.findOutcome(id))?.status).toBe(outcome);
  });
});
