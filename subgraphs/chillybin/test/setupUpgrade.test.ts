import type { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMongo, ensureIndexes } from '../../../platform/mongo.js';
import { dropDatabases, mongodbUri, uniqueDbName } from '../../../test/support/databases.js';
import { CHILLYBIN_INDEXES } from '../src/db/indexes.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { ORDERS, OrderRepository } from '../src/orders/OrderRepository.js';
import { StockRepository } from '../src/stock/StockRepository.js';

/** What chillybin declared before orders existed. */
const OLD_INDEXES = CHILLYBIN_INDEXES.filter((ix) => ix.collection === 'ingredients');

const dbNames = { beforeOrders: uniqueDbName('chillybin'), beforeLists: uniqueDbName('chillybin_lists') };
let mongo: MongoClient;

beforeAll(async () => {
  mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test' });
});

afterAll(async () => {
  await mongo.close();
  await dropDatabases(Object.values(dbNames));
});

describe('upgrading a database set up before orders', () => {
  it('adds the orders indexes on the next setup and changes nothing else', async () => {
    const db = mongo.db(dbNames.beforeOrders);
    await ensureIndexes(db, OLD_INDEXES);
    const stock = new StockRepository(db);
    await stock.add({ name: 'cheese', quantity: 3, description: 'old cheese' });

    const report = await setupDatabase(db);

    expect(report).toEqual({
      created: ['orders.orders_customer_createdAt', 'orders.orders_createdAt', 'orders.orders_updatedAt'],
      unchanged: ['ingredients.ingredients_name_unique'],
      seeded: false,
      listsBuilt: true,
    });
    expect(await stock.list()).toEqual([{ name: 'cheese', quantity: 3, description: 'old cheese' }]);
    const orderIndexes = ((await db.collection('orders').listIndexes().toArray()) as { name: string }[])
      .map((ix) => ix.name)
      .sort();
    expect(orderIndexes).toEqual(['_id_', 'orders_createdAt', 'orders_customer_createdAt', 'orders_updatedAt']);

    const again = await setupDatabase(db);
    expect(again.created).toEqual([]);
  });
});

describe('upgrading a database with orders from before the order lists', () => {
  const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 12, minute));
  /** Orders as an older chillybin stored them: 250 of them, every third for ann, every seventh cancelled. */
  const stored = Array.from({ length: 250 }, (_, i) => ({
    _id: `old-${String(i).padStart(3, '0')}`,
    customer: i % 3 === 0 ? 'ann' : null,
    items: [{ name: 'cheese', quantity: 1 }],
    createdAt: at(i),
    updatedAt: at(i),
    status: i % 7 === 0 ? 'CANCELLED' : 'PICKED',
    pickedAt: at(i),
  }));
  const newest = (filter: (order: (typeof stored)[number]) => boolean, limit: number) =>
    stored
      .filter(filter)
      .reverse()
      .slice(0, limit)
      .map(({ _id, customer, status }) => ({ id: _id, customer, status }));

  let orders: OrderRepository;
  beforeAll(async () => {
    const db = mongo.db(dbNames.beforeLists);
    await db.collection(ORDERS).insertMany(stored as never[]);
    expect((await setupDatabase(db)).listsBuilt).toBe(true);
    orders = new OrderRepository(db);
  });

  const cases = [
    { name: 'every order, newest first', customer: null, limit: 20, want: newest(() => true, 20) },
    { name: "ann's", customer: 'ann', limit: 20, want: newest((o) => o.customer === 'ann', 20) },
    {
      name: 'a page longer than the lists',
      customer: 'ann',
      limit: 100,
      want: newest((o) => o.customer === 'ann', 100),
    },
    { name: 'a customer with none', customer: 'bob', limit: 20, want: [] },
  ];
  it.each(cases)('$name', async ({ customer, limit, want }) => {
    const listed = await orders.list({ customer, limit });
    expect(listed.map(({ id, customer, status }) => ({ id, customer, status }))).toEqual(want);
  });
});
