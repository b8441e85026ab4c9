import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSystem, type System } from './support/system.js';

// Restocking through the gateway: a typo never creates stock; adding an
// ingredient is its own, explicit mutation.

let system: System;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system.stop());

const RESTOCK = /* GraphQL */ `
  mutation Restock($levels: [StockLevelInput!]) { restock(levels: $levels) { name quantity } }
`;
const ADD = /* GraphQL */ `
  mutation Add($input: AddIngredientInput!) { addIngredient(input: $input) { name quantity description } }
`;

async function stock(): Promise<{ name: string; quantity: number; description: string }[]> {
  return (
    await system.gateway.data<{ stock: { name: string; quantity: number; description: string }[] }>(
      `{ stock { name quantity description } }`,
    )
  ).stock;
}

describe('restock', () => {
  beforeEach(() => system.admin.data(RESTOCK));

  const refused: {
    name: string;
    levels: { name: string; quantity: number }[];
    extensions: Record<string, unknown>;
    message: RegExp;
  }[] = [
    {
      name: 'a typo of a known name',
      levels: [{ name: 'chese', quantity: 5 }],
      extensions: { code: 'NOT_FOUND', argument: 'levels', ingredient: 'chese', suggestion: 'cheese' },
      message:
        /^There is no chese \(did you mean cheese\?\) in the chilly bin, so nothing was restocked\. .*addIngredient/,
    },
    {
      name: 'a typo after a good level, which is not set either',
      levels: [
        { name: 'bread', quantity: 3 },
        { name: 'vegimite', quantity: 5 },
      ],
      extensions: { code: 'NOT_FOUND', ingredient: 'vegimite', suggestion: 'vegemite' },
      message: /no vegimite \(did you mean vegemite\?\)/,
    },
    {
      name: 'a name like nothing known',
      levels: [{ name: 'ham', quantity: 5 }],
      extensions: { code: 'NOT_FOUND', ingredient: 'ham', unknown: [{ name: 'ham', suggestion: null }] },
      message: /^There is no ham in the chilly bin/,
    },
    {
      name: 'two unknown names',
      levels: [
        { name: 'chese', quantity: 1 },
        { name: 'tomato', quantity: 1 },
      ],
      extensions: {
        code: 'NOT_FOUND',
        unknown: [
          { name: 'chese', suggestion: 'cheese' },
          { name: 'tomato', suggestion: null },
        ],
      },
      message: /no chese \(did you mean cheese\?\), no tomato in/,
    },
  ];

  it.each(refused)('$name: NOT_FOUND, and nothing set or created', async ({ levels, extensions, message }) => {
    const before = await stock();
    const result = await system.admin.request(RESTOCK, { levels });
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject(extensions);
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(await stock()).toEqual(before);
  });

  it('sets known levels, keeping their descriptions', async () => {
    const { restock } = await system.admin.data<{ restock: { name: string; quantity: number }[] }>(RESTOCK, {
      levels: [
        { name: 'cheese', quantity: 4 },
        { name: 'bread', quantity: 0 },
      ],
    });
    expect(restock).toEqual([
      { name: 'bread', quantity: 0 },
      { name: 'cheese', quantity: 4 },
      { name: 'vegemite', quantity: 10 },
    ]);
    expect((await stock()).find((i) => i.name === 'cheese')?.description).toBe('A slice of tasty cheddar');
  });
});

describe('addIngredient', () => {
  const cases: {
    name: string;
    input: Record<string, unknown>;
    admin?: false;
    added?: { name: string; quantity: number; description: string };
    code?: string;
    argument?: string;
  }[] = [
    {
      name: 'a new ingredient',
      input: { name: 'tomato', quantity: 5, description: 'A slice of ripe tomato' },
      added: { name: 'tomato', quantity: 5, description: 'A slice of ripe tomato' },
    },
    {
      name: 'with the defaults: none of it, described by its name',
      input: { name: 'pickle' },
      added: { name: 'pickle', quantity: 0, description: 'pickle' },
    },
    { name: 'one the bin has', input: { name: 'cheese', quantity: 1 }, code: 'CONFLICT' },
    { name: 'one it was just given', input: { name: 'tomato', quantity: 1 }, code: 'CONFLICT' },
    { name: 'a bad name', input: { name: 'Ham', quantity: 1 }, code: 'BAD_USER_INPUT', argument: 'input' },
    { name: 'a negative quantity', input: { name: 'ham', quantity: -1 }, code: 'BAD_USER_INPUT', argument: 'input' },
    { name: 'without the admin token', input: { name: 'ham', quantity: 1 }, admin: false, code: 'UNAUTHENTICATED' },
  ];

  // In order: the CONFLICT case relies on the first one having added tomato.
  it.each(cases)('$name', async ({ input, admin, added, code, argument }) => {
    const before = await stock();
    const result = await (admin === false ? system.gateway : system.admin).request<{ addIngredient: unknown }>(ADD, {
      input,
    });
    if (added) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.addIngredient).toEqual(added);
      expect(await stock()).toContainEqual(added);
      return;
    }
    expect(result.errors?.[0]?.extensions).toMatchObject({ code, ...(argument ? { argument } : {}) });
    expect(await stock()).toEqual(before);
  });

  it('then restock sets its level', async () => {
    await system.admin.data(ADD, { input: { name: 'lettuce', quantity: 1 } });
    const { restock } = await system.admin.data<{ restock: { name: string; quantity: number }[] }>(RESTOCK, {
      levels: [{ name: 'lettuce', quantity: 7 }],
    });
    expect(restock).toContainEqual({ name: 'lettuce', quantity: 7 });
  });
});
