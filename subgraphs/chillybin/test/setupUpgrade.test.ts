import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, ensureIndexes } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { CHILLYBIN_INDEXES } from '../src/db/indexes.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { StockRepository } from '../src/stock/StockRepository.js';

/** What chillybin declared before orders existed. */
const OLD_INDEXES = CHILLYBIN_INDEXES.filter((ix) => ix.collection === 'ingredients');

const dbName = uniqueDbName('chillybin');
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test' });
});

afterAll(async () => {
  await mongo.close();
  await dropDatabases([dbName]);
});

describe('upgrading a database set up before orders', () => {
  it('adds the orders indexes on the next setup and changes nothing else', async () => {
    const db = mongo.db(dbName);
    await ensureIndexes(db, OLD_INDEXES);
    const stock = new StockRepository(db);
    await stock.add({ name: 'cheese', quantity: 3, description: 'old cheese' });

    const report = await setupDatabase(db);

    expect(report).toEqual({
      created: ['orders.orders_customer_createdAt', 'orders.orders_createdAt'],
      unchanged: ['ingredients.ingredients_name_unique'],
      seeded: false,
    });
    expect(await stock.list()).toEqual([{ name: 'cheese', quantity: 3, description: 'old cheese' }]);
    const orderIndexes = ((await db.collection('orders').listIndexes().toArray()) as { name: string }[])
      .map((ix) => ix.name)
      .sort();
    expect(orderIndexes).toEqual(['_id_', 'orders_createdAt', 'orders_customer_createdAt']);

    const again = await setupDatabase(db);
    expect(again.created).toEqual([]);
  });
});
