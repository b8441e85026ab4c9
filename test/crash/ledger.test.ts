import { beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../support/databases.js';
import {
  ORDERS_IN_PROGRESS,
  TOASTIES_IN_PROGRESS,
  isSettled,
  readLedger,
  readUnsettled,
} from '../../tools/bench/stockLedger.js';

// The crash test trusts these reads to say when the system is settled and what
// it holds; the current code never leaves most of these states, so they are set up here.

const chillybin = useTestDatabase('chillybin');
const jafflr = useTestDatabase('jafflr');

beforeEach(async () => {
  for (const { db, collections } of [
    { db: chillybin.db, collections: ['ingredients', ORDERS_IN_PROGRESS] },
    { db: jafflr.db, collections: ['toasties', TOASTIES_IN_PROGRESS] },
  ]) {
    for (const name of collections) await db.collection(name).deleteMany({});
  }
  await chillybin.db.collection('ingredients').insertMany([
    { name: 'bread', quantity: 8 },
    { name: 'cheese', quantity: 5 },
  ]);
});

describe('readUnsettled', () => {
  it.each([
    { state: 'nothing under way', setUp: async () => {}, settled: true },
    {
      state: 'a toastie in progress',
      setUp: () => jafflr.db.collection(TOASTIES_IN_PROGRESS).insertOne({ _id: 't1' as never }),
      settled: false,
    },
    {
      state: 'a pick in progress',
      setUp: () => chillybin.db.collection(ORDERS_IN_PROGRESS).insertOne({ _id: 'o1' as never }),
      settled: false,
    },
    {
      state: 'an ingredient held for an order',
      setUp: () => chillybin.db.collection('ingredients').updateOne({ name: 'bread' }, { $set: { holds: { o1: 2 } } }),
      settled: false,
    },
    {
      state: 'an empty holds object, left when the last hold went',
      setUp: () => chillybin.db.collection('ingredients').updateOne({ name: 'bread' }, { $set: { holds: {} } }),
      settled: true,
    },
  ])('$state: settled $settled', async ({ setUp, settled }) => {
    await setUp();
    expect(isSettled(await readUnsettled(chillybin.db, jafflr.db))).toBe(settled);
  });
});

describe('readLedger', () => {
  it('counts the ingredients of MADE toasties, and of those without a status, only', async () => {
    await jafflr.db
      .collection('toasties')
      .insertMany([
        { ingredients: ['cheese', 'bread', 'bread'], status: 'MADE' },
        { ingredients: ['cheese', 'cheese', 'bread', 'bread'] },
        { ingredients: ['cheese', 'bread', 'bread'], status: 'PENDING' },
        { ingredients: ['cheese', 'bread', 'bread'], status: 'FAILED' },
      ]);
    expect(await readLedger(chillybin.db, jafflr.db)).toEqual({
      stock: { bread: 8, cheese: 5 },
      held: { bread: 4, cheese: 3 },
      toasties: 2,
    });
  });
});
