import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSystem, type System } from './support/system.js';

// The seed's TestHappyPath, through the gateway: restock, make toasties, check the chilly bin.

let system: System;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system.stop());

const RESTOCK = /* GraphQL */ `
  mutation Restock($levels: [StockLevelInput!]) { restock(levels: $levels) { name quantity } }
`;
const STOCK = /* GraphQL */ `{ stock { name quantity } }`;
interface MadeToastie {
  makeToastie: {
    id: string;
    doneness: string;
    createdAt: string;
    ingredients: { name: string; quantity: number; description: string }[];
  };
}

const MAKE = /* GraphQL */ `
  mutation Make($ingredients: [String!]!, $doneness: Doneness) {
    makeToastie(input: { ingredients: $ingredients, doneness: $doneness }) {
      id doneness createdAt ingredients { name quantity description }
    }
  }
`;

async function stockLevels(): Promise<Record<string, number>> {
  const { stock } = await system.gateway.data<{ stock: { name: string; quantity: number }[] }>(STOCK);
  return Object.fromEntries(stock.map((i) => [i.name, i.quantity]));
}

async function restock(levels?: { name: string; quantity: number }[]) {
  await system.admin.data(RESTOCK, { levels });
}

describe('making a toastie through the gateway', () => {
  beforeEach(() => restock());

  it('takes exactly what it used, two breads included, and shows current quantities', async () => {
    const before = await stockLevels();
    expect(before).toEqual({ bread: 10, cheese: 10, vegemite: 10 });

    const { makeToastie } = await system.gateway.data<MadeToastie>(MAKE, {
      ingredients: ['cheese', 'vegemite'],
      doneness: 'MEDIUM',
    });

    expect(makeToastie.doneness).toBe('MEDIUM');
    expect(new Date(makeToastie.createdAt).getTime()).not.toBeNaN();
    expect(makeToastie.ingredients).toEqual([
      { name: 'cheese', quantity: 9, description: expect.any(String) },
      { name: 'vegemite', quantity: 9, description: expect.any(String) },
      { name: 'bread', quantity: 8, description: expect.any(String) },
      { name: 'bread', quantity: 8, description: expect.any(String) },
    ]);
    expect(await stockLevels()).toEqual({ bread: 8, cheese: 9, vegemite: 9 });

    const { toastie } = await system.gateway.data<{ toastie: { id: string; ingredients: { name: string }[] } }>(
      `query($id: ID!) { toastie(id: $id) { id ingredients { name } } }`,
      {
        id: makeToastie.id,
      },
    );
    expect(toastie.ingredients.map((i) => i.name)).toEqual(['cheese', 'vegemite', 'bread', 'bread']);
  });

  const failures = [
    { name: 'no cheese', ingredients: ['vegemite'], levels: undefined, code: 'BAD_USER_INPUT', message: /cheese/ },
    { name: 'no ingredients', ingredients: [], levels: undefined, code: 'BAD_USER_INPUT', message: /at least one/ },
    {
      name: 'an unknown ingredient',
      ingredients: ['cheese', 'ham'],
      levels: undefined,
      code: 'NOT_FOUND',
      message: /ham/,
    },
    {
      name: 'out of stock halfway through',
      ingredients: ['cheese', 'vegemite'],
      levels: [{ name: 'vegemite', quantity: 0 }],
      code: 'OUT_OF_STOCK',
      message: /vegemite/,
    },
    {
      name: 'out of cheese, the first pick',
      ingredients: ['cheese', 'vegemite'],
      levels: [{ name: 'cheese', quantity: 0 }],
      code: 'OUT_OF_STOCK',
      message: /cheese/,
    },
    {
      name: 'out of bread',
      ingredients: ['cheese'],
      levels: [{ name: 'bread', quantity: 1 }],
      code: 'OUT_OF_STOCK',
      message: /bread/,
    },
  ];

  it.each(failures)('$name: $code and every level unchanged', async ({ ingredients, levels, code, message }) => {
    if (levels) await restock(levels);
    const before = await stockLevels();

    const result = await system.gateway.request(MAKE, { ingredients });

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await stockLevels()).toEqual(before);
  });

  const misnamed = [
    {
      name: 'a capital letter, as fillings',
      input: { fillings: ['Cheese'] },
      argument: 'fillings',
      rule: 'INGREDIENT_NAME',
    },
    {
      name: 'a capital letter, as ingredients (deprecated)',
      input: { ingredients: ['Cheese'] },
      argument: 'ingredients',
      rule: 'INGREDIENT_NAME',
    },
    {
      name: 'no cheese, as fillings',
      input: { fillings: ['vegemite'] },
      argument: 'fillings',
      rule: 'CHEESE_REQUIRED',
    },
    {
      name: 'no cheese, as ingredients (deprecated)',
      input: { ingredients: ['vegemite'] },
      argument: 'ingredients',
      rule: 'CHEESE_REQUIRED',
    },
    {
      name: 'nothing, as ingredients',
      input: { ingredients: [] },
      argument: 'ingredients',
      rule: 'AT_LEAST_ONE_INGREDIENT',
    },
    { name: 'neither', input: {}, argument: 'fillings', rule: undefined },
    { name: 'both', input: { fillings: ['cheese'], ingredients: ['cheese'] }, argument: 'fillings', rule: undefined },
  ];

  it.each(misnamed)('$name: the error names $argument', async ({ input, argument, rule }) => {
    const result = await system.gateway.request(
      `mutation($input: MakeToastieInput!) { makeToastie(input: $input) { id } }`,
      {
        input,
      },
    );
    expect(result.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument,
      ...(rule ? { rule } : {}),
    });
  });

  it('20 racing orders with cheese for 5: exactly 5 toasties, cheese at 0, bread down by 10', async () => {
    await restock([
      { name: 'cheese', quantity: 5 },
      { name: 'bread', quantity: 100 },
    ]);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => system.gateway.request(MAKE, { ingredients: ['cheese'] })),
    );

    const made = results.filter((r) => r.data?.makeToastie);
    const refused = results.filter((r) => r.errors?.[0]?.extensions?.code === 'OUT_OF_STOCK');
    expect(made).toHaveLength(5);
    expect(refused).toHaveLength(15);
    expect(await stockLevels()).toMatchObject({ cheese: 0, bread: 90 });
  });

  it('lists toasties newest first, up to the limit', async () => {
    const first = await system.gateway.data<MadeToastie>(MAKE, { ingredients: ['cheese'] });
    const second = await system.gateway.data<MadeToastie>(MAKE, { ingredients: ['cheese', 'vegemite'] });
    const { toasties } = await system.gateway.data<{ toasties: { id: string }[] }>(`{ toasties(limit: 2) { id } }`);
    expect(toasties.map((t) => t.id)).toEqual([second.makeToastie.id, first.makeToastie.id]);
  });

  it('says AVAILABLE when nothing is cooking', async () => {
    expect(await system.gateway.data(`{ status }`)).toEqual({ status: 'AVAILABLE' });
  });
});
