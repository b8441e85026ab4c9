import type { Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, indexesOf, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';

const dbName = uniqueDbName('jafflr');
let mongo: MongoClient;
let db: Db;

beforeAll(async () => {
  mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test' });
  db = mongo.db(dbName);
});

afterAll(async () => {
  await mongo.close();
  await dropDatabases([dbName]);
});

describe('jafflr database setup', () => {
  it('run twice: the second run creates nothing and leaves the same indexes', async () => {
    const first = await setupDatabase(db);
    const indexes = await indexesOf(db);
    const second = await setupDatabase(db);

    expect(first).toEqual({ created: ['toasties.toasties_createdAt', 'putBacks.putBacks_state_leaseUntil'], unchanged: [] });
    expect(second).toEqual({ created: [], unchanged: first.created });
    expect(await indexesOf(db)).toEqual(indexes);
  });
});
