import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeSupergraph, readSupergraphConfig } from '../gateway/src/composeSupergraph.js';
import { useToastieSystem } from './support/toastieSteps.js';

// The API evolves without breaking anyone: old fields are deprecated, say what replaces them, and still work.

const { system, steps } = useToastieSystem();

const deprecations = [
  { coordinate: 'Mutation.pick', kind: 'FIELD', reason: /Use pickIngredients/ },
  { coordinate: 'Query.toasties(limit:)', kind: 'ARGUMENT', reason: /Use last/ },
  { coordinate: 'MakeToastieInput.ingredients', kind: 'INPUT_FIELD', reason: /Use fillings/ },
  { coordinate: 'Doneness.BURNT', kind: 'ENUM_VALUE', reason: /use WELL_DONE/ },
  { coordinate: 'OrderStatus.FAILED', kind: 'ENUM_VALUE', reason: /No longer recorded/ },
];

const INTROSPECT = /* GraphQL */ `
  fragment Deprecation on __InputValue { name isDeprecated deprecationReason }
  {
    Mutation: __type(name: "Mutation") { fields(includeDeprecated: true) { name isDeprecated deprecationReason } }
    Query: __type(name: "Query") { fields(includeDeprecated: true) { name args(includeDeprecated: true) { ...Deprecation } } }
    MakeToastieInput: __type(name: "MakeToastieInput") { inputFields(includeDeprecated: true) { ...Deprecation } }
    Doneness: __type(name: "Doneness") { enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
    OrderStatus: __type(name: "OrderStatus") { enumValues(includeDeprecated: true) { name isDeprecated deprecationReason } }
  }
`;

interface Deprecable {
  name: string;
  isDeprecated: boolean;
  deprecationReason: string | null;
}

/** Every deprecated coordinate in the gateway's API schema, with its reason. */
async function deprecatedInApi(): Promise<Map<string, string | null>> {
  const types =
    await system().gateway.data<Record<string, Record<string, (Deprecable & { args?: Deprecable[] })[]>>>(INTROSPECT);
  const found = new Map<string, string | null>();
  for (const [type, members] of Object.entries(types)) {
    for (const member of Object.values(members).flat()) {
      if (member.isDeprecated) found.set(`${type}.${member.name}`, member.deprecationReason);
      for (const arg of member.args ?? []) {
        if (arg.isDeprecated) found.set(`${type}.${member.name}(${arg.name}:)`, arg.deprecationReason);
      }
    }
  }
  return found;
}

describe('deprecations', () => {
  it.each(deprecations)(
    'the gateway reports $kind $coordinate as deprecated, with its reason',
    async ({ coordinate, reason }) => {
      expect((await deprecatedInApi()).get(coordinate)).toMatch(reason);
    },
  );

  it('reports nothing else as deprecated', async () => {
    expect([...(await deprecatedInApi()).keys()].sort()).toEqual(deprecations.map((d) => d.coordinate).sort());
  });

  it('the committed supergraph.graphql is what composition makes now, @deprecated and all', () => {
    const root = new URL('../', import.meta.url);
    const composed = composeSupergraph(readSupergraphConfig(fileURLToPath(new URL('supergraph.yaml', root))));
    const committed = readFileSync(new URL('supergraph.graphql', root), 'utf8');
    expect(committed).toBe(composed);
    expect(committed.match(/@deprecated\(reason: /g)).toHaveLength(deprecations.length);
  });
});

describe('deprecated fields keep working', () => {
  const cases = [
    {
      name: 'Mutation.pick',
      query: `mutation { pick(name: "cheese", quantity: 2) { name quantity } }`,
      data: { pick: { name: 'cheese', quantity: 8 } },
    },
    {
      name: 'Query.toasties(limit:)',
      query: `mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }`,
      then: `{ toasties(limit: 1) { doneness } }`,
      data: { toasties: [{ doneness: 'LIGHT' }] },
    },
    {
      name: 'MakeToastieInput.ingredients and Doneness.BURNT',
      query: `mutation { makeToastie(input: { ingredients: ["cheese"], doneness: BURNT }) { doneness ingredients { name } } }`,
      data: {
        makeToastie: { doneness: 'BURNT', ingredients: [{ name: 'cheese' }, { name: 'bread' }, { name: 'bread' }] },
      },
    },
  ];

  it.each(cases)('$name', async ({ query, then, data }) => {
    const first = await system().gateway.request(query);
    expect(first.errors).toBeUndefined();
    expect(then ? await system().gateway.data(then) : first.data).toEqual(data);
  });

  const refused = [
    {
      name: 'fillings and ingredients together',
      input: `{ fillings: ["cheese"], ingredients: ["cheese"] }`,
      argument: 'fillings',
    },
    { name: 'neither fillings nor ingredients', input: `{ doneness: LIGHT }`, argument: 'fillings' },
  ];

  it.each(refused)('refuses $name with BAD_USER_INPUT', async ({ input, argument }) => {
    const result = await system().gateway.request(`mutation { makeToastie(input: ${input}) { id } }`);
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  it('lets an explicit limit win over last, as old clients that send only limit expect', async () => {
    for (let i = 0; i < 2; i += 1)
      await system().gateway.data(`mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }`);
    const { toasties } = await system().gateway.data(`{ toasties(last: 5, limit: 1) { id } }`);
    expect(toasties).toHaveLength(1);
  });
});

describe('pickIngredients and cancelOrder through the gateway', () => {
  const PICK = /* GraphQL */ `
    mutation Pick($input: PickIngredientsInput!) {
      pickIngredients(input: $input) { id customer status items { name quantity ingredient { quantity } } }
    }
  `;
  const CANCEL = /* GraphQL */ `mutation Cancel($id: ID!) { cancelOrder(id: $id) { id status items { name } } }`;

  it('takes every item, records the order, and a cancel puts it back once', async () => {
    const input = {
      orderId: 'gw-order-1',
      customer: 'erin',
      items: [{ name: 'cheese', quantity: 2 }, { name: 'bread' }],
    };
    const { pickIngredients } = await system().gateway.data(PICK, { input });
    expect(pickIngredients).toEqual({
      id: 'gw-order-1',
      customer: 'erin',
      status: 'PICKED',
      items: [
        { name: 'cheese', quantity: 2, ingredient: { quantity: 8 } },
        { name: 'bread', quantity: 1, ingredient: { quantity: 9 } },
      ],
    });
    expect(
      (await system().gateway.data<{ pickIngredients: { status: string } }>(PICK, { input })).pickIngredients.status,
    ).toBe('PICKED');
    expect(await steps.stockLevels()).toEqual({ bread: 9, cheese: 8, vegemite: 10 });

    for (let i = 0; i < 2; i += 1) {
      expect(
        (await system().gateway.data<{ cancelOrder: { status: string } }>(CANCEL, { id: 'gw-order-1' })).cancelOrder
          .status,
      ).toBe('CANCELLED');
    }
    expect(await steps.stockLevels()).toEqual({ bread: 10, cheese: 10, vegemite: 10 });
    expect((await steps.orders('erin')).map((o) => o.status)).toEqual(['CANCELLED']);
  });

  const refusals = [
    {
      name: 'an out-of-stock item',
      input: { items: [{ name: 'cheese' }, { name: 'vegemite', quantity: 11 }] },
      code: 'OUT_OF_STOCK',
      ingredient: 'vegemite',
    },
    {
      name: 'an unknown item',
      input: { items: [{ name: 'cheese' }, { name: 'ham' }] },
      code: 'NOT_FOUND',
      ingredient: 'ham',
    },
    {
      name: 'a bad quantity',
      input: { items: [{ name: 'cheese', quantity: 0 }] },
      code: 'BAD_USER_INPUT',
      ingredient: undefined,
    },
    { name: 'no items', input: { items: [] }, code: 'BAD_USER_INPUT', ingredient: undefined },
    {
      name: 'a bad order id',
      input: { orderId: 'no spaces', items: [{ name: 'cheese' }] },
      code: 'BAD_USER_INPUT',
      ingredient: undefined,
    },
    {
      name: 'a bad customer',
      input: { customer: '$where', items: [{ name: 'cheese' }] },
      code: 'BAD_USER_INPUT',
      ingredient: undefined,
    },
  ];

  it.each(refusals)('refuses $name with $code, taking nothing', async ({ input, code, ingredient }) => {
    const result = await system().gateway.request(PICK, { input });
    expect(result.errors?.[0]?.extensions?.code).toBe(code);
    expect(result.errors?.[0]?.extensions?.ingredient).toBe(ingredient);
    expect(await steps.stockLevels()).toEqual({ bread: 10, cheese: 10, vegemite: 10 });
  });

  it('refuses a late pick with an id cancelled before it was used, with ORDER_CANCELLED', async () => {
    expect((await system().gateway.data(CANCEL, { id: 'gw-never-seen' })).cancelOrder).toEqual({
      id: 'gw-never-seen',
      status: 'CANCELLED',
      items: [],
    });
    const late = await system().gateway.request(PICK, {
      input: { orderId: 'gw-never-seen', items: [{ name: 'cheese' }] },
    });
    expect(late.errors?.[0]?.extensions?.code).toBe('ORDER_CANCELLED');
    expect(await steps.stockLevels()).toEqual({ bread: 10, cheese: 10, vegemite: 10 });
  });
});
