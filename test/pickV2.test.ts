import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mongodbUri } from './support/databases.js';
import { useToastieSystem } from './support/toastieSteps.js';

// jafflr's move to chillybin's pickIngredients, behind the pick.v2 flag: both paths, chosen per customer.

describe('pick.v2 from the environment (FEATURE_PICK_V2=alice)', () => {
  const { steps } = useToastieSystem({ FEATURE_PICK_V2: 'alice' });

  const paths = [
    { customer: 'alice', path: 'v2', orders: 1 },
    // v1 picks each ingredient under a key of its own, which chillybin records as a one-item order.
    { customer: 'bob', path: 'v1', orders: 3 },
    { customer: undefined, path: 'v1', orders: 3 },
  ];

  it.each(paths)('$customer takes the $path path and the right stock', async ({ customer, orders }) => {
    const before = (await steps.orders()).length;
    const result = await steps.make({ fillings: ['cheese', 'vegemite'], customer });

    expect(result.errors).toBeUndefined();
    expect(result.data?.makeToastie.customer).toBe(customer ?? null);
    expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 9 });
    const recorded = await steps.orders();
    expect(recorded.length - before).toBe(orders);
    if (orders === 3) {
      const id = result.data?.makeToastie.id;
      expect(
        recorded
          .slice(0, 3)
          .map((o) => o.id)
          .sort(),
      ).toEqual([0, 1, 2].map((i) => `toastie-${id}-${i}`));
    } else {
      expect(recorded[0]).toEqual({
        id: `toastie-${result.data?.makeToastie.id}`,
        customer: 'alice',
        status: 'PICKED',
        items: [
          { name: 'cheese', quantity: 1 },
          { name: 'vegemite', quantity: 1 },
          { name: 'bread', quantity: 2 },
        ],
      });
    }
  });

  const failures = [
    {
      name: 'out of vegemite',
      fillings: ['cheese', 'vegemite'],
      levels: [{ name: 'vegemite', quantity: 0 }],
      code: 'OUT_OF_STOCK',
      ingredient: 'vegemite',
    },
    {
      name: 'out of bread',
      fillings: ['cheese'],
      levels: [{ name: 'bread', quantity: 1 }],
      code: 'OUT_OF_STOCK',
      ingredient: 'bread',
    },
    { name: 'an unknown filling', fillings: ['cheese', 'ham'], levels: [], code: 'NOT_FOUND', ingredient: 'ham' },
  ];
  const failuresOnBothPaths = paths.slice(0, 2).flatMap((p) => failures.map((f) => ({ ...f, ...p })));

  it.each(failuresOnBothPaths)(
    '$path, $name: $code and stock unchanged',
    async ({ customer, fillings, levels, code, ingredient }) => {
      await steps.restock(levels.length ? levels : undefined);
      const before = { stock: await steps.stockLevels(), toasties: await steps.toastieIds() };

      const result = await steps.make({ fillings, customer });

      expect(result.data).toBeNull();
      expect(result.errors?.[0]?.extensions).toMatchObject({ code, ingredient });
      expect({ stock: await steps.stockLevels(), toasties: await steps.toastieIds() }).toEqual(before);
    },
  );

  it('v2: 12 racing orders with cheese for 4 make exactly 4 toasties', async () => {
    await steps.restock([
      { name: 'cheese', quantity: 4 },
      { name: 'bread', quantity: 100 },
    ]);
    const results = await Promise.all(
      Array.from({ length: 12 }, () => steps.make({ fillings: ['cheese'], customer: 'alice' })),
    );
    expect(results.filter((r) => r.data?.makeToastie)).toHaveLength(4);
    expect(results.filter((r) => r.errors?.[0]?.extensions?.code === 'OUT_OF_STOCK')).toHaveLength(8);
    expect(await steps.stockLevels()).toMatchObject({ cheese: 0, bread: 92 });
  });
});

describe('pick.v2 from the features collection, changed while running', () => {
  // Read on every call here, so the test need not wait out the cache.
  const { system, steps } = useToastieSystem({ FEATURES_CACHE_MS: '0' }, { restockEachTest: false });
  let mongo: MongoClient;

  beforeAll(() => {
    mongo = new MongoClient(mongodbUri());
  });
  afterAll(() => mongo.close());

  const setFlag = (doc: object) =>
    mongo
      .db(system().dbNames.jafflr)
      .collection<{ _id: string }>('features')
      .replaceOne({ _id: 'pick.v2' }, doc, { upsert: true });

  const changes = [
    { flag: null, customer: 'carol', path: 'v1' },
    { flag: { customers: ['carol'] }, customer: 'carol', path: 'v2' },
    { flag: { customers: ['carol'] }, customer: 'dave', path: 'v1' },
    { flag: { enabled: true }, customer: 'dave', path: 'v2' },
    { flag: { enabled: false }, customer: 'dave', path: 'v1' },
  ];

  it('follows each change of the document without a restart', async () => {
    for (const { flag, customer, path } of changes) {
      if (flag) await setFlag(flag);
      await steps.restock();
      const before = (await steps.orders(customer)).length;
      const result = await steps.make({ fillings: ['cheese'], customer });
      expect(result.errors).toBeUndefined();
      expect({ customer, flag, path: (await steps.orders(customer)).length > before ? 'v2' : 'v1' }).toEqual({
        customer,
        flag,
        path,
      });
      expect(await steps.stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 10 });
    }
  });
});
