import type { Db, MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo } from '../../../platform/mongo.js';
import { dropDatabases, indexesOf, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { INGREDIENTS } from '../src/stock/StockRepository.js';

const dbName = uniqueDbName('chillybin');
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

describe('chillybin database setup', () => {
  it('run twice: the second run creates nothing, seeds nothing and leaves the same indexes', async () => {
    const first = await setupDatabase(db);
    const indexes = await indexesOf(db);
    const second = await setupDatabase(db);

    expect(first).toMatchObject({ created: expect.arrayContaining(['ingredients.ingredients_name_unique']), seeded: true });
    expect(second).toEqual({ created: [], unchanged: first.created, seeded: false });
    expect(await indexesOf(db)).toEqual(indexes);
  });

  it('the unique index rejects a second ingredient of the same name (E11000)', async () => {
    await setupDatabase(db);
    const ingredients = db.collection(INGREDIENTS);
    const existing = await ingredients.findOne({});
    expect(existing).not.toBeNull();

    const error = await ingredients
      .insertOne({ name: existing!.name, quantity: 1, description: 'a copy' })
      .catch((err: unknown) => err as Error & { code?: number });

    expect(error).toMatchObject({ code: 11000 });
    expect((error as Error).message).toMatch(/E11000/);
    expect(await ingredients.countDocuments({ name: existing!.name })).toBe(1);
  });
});
