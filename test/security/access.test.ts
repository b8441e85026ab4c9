import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { ChillybinClient } from '../../subgraphs/jafflr/src/chillybin/ChillybinClient.js';
import { GraphQLClient } from '../support/graphqlClient.js';
import { startSystem, type System } from '../support/system.js';

// Who may do what: subgraphs answer only callers with the subgraph secret, and
// restock needs the admin token.

let system: System;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system.stop());

const STOCK = `{ stock { name quantity } }`;
const RESTOCK = `mutation($l: [StockLevelInput!]) { restock(levels: $l) { name quantity } }`;

describe('subgraphs answer the gateway and jafflr only', () => {
  const callers = [
    { name: 'no secret', headers: {} as Record<string, string>, status: 401 },
    { name: 'a wrong secret', headers: { 'x-subgraph-secret': 'not-the-secret-at-all' }, status: 401 },
    { name: 'an empty secret', headers: { 'x-subgraph-secret': '' }, status: 401 },
  ];
  const subgraphs = ['chillybin', 'jafflr'] as const;
  const cases = subgraphs.flatMap((subgraph) => callers.map((caller) => ({ subgraph, ...caller })));

  it.each(cases)('$subgraph with $name: $status UNAUTHENTICATED', async ({ subgraph, headers, status }) => {
    const response = await fetch(system.urls[subgraph], {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({
      errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }],
    });
  });

  it.each(subgraphs)('%s answers a caller with the secret', async (subgraph) => {
    expect(await system[subgraph].data('{ __typename }')).toEqual({ __typename: 'Query' });
  });

  const open = subgraphs.flatMap((subgraph) => ['/health', '/ready', '/metrics'].map((path) => ({ subgraph, path })));
  it.each(open)('$subgraph$path stays open', async ({ subgraph, path }) => {
    const response = await fetch(new URL(path, system.urls[subgraph]));
    await response.arrayBuffer();
    expect(response.status).toBe(200);
  });

  it('still resolves entities for the gateway', async () => {
    const { _entities } = await system.chillybin.data(
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Ingredient { name quantity } } }`,
      { r: [{ __typename: 'Ingredient', name: 'cheese' }] },
    );
    expect(_entities).toEqual([{ name: 'cheese', quantity: expect.any(Number) }]);
  });

  it('keeps putBack for jafflr: refused without the secret', async () => {
    const response = await fetch(system.urls.chillybin, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'mutation { putBack(name: "cheese", quantity: 1000) { quantity } }' }),
    });
    expect(response.status).toBe(401);
  });
});

describe("jafflr's calls to chillybin", () => {
  const scope = {
    requestId: 'access-test',
    logger: createLogger({ service: 'test', version: 'test', level: 'silent' }),
  };
  const cases = [
    { name: 'with the subgraph secret, picks', secret: () => system.secrets.subgraph, code: undefined, taken: 1 },
    {
      name: 'with another secret, is refused as CHILLYBIN_UNAVAILABLE',
      secret: () => 'another-secret-of-length',
      code: 'CHILLYBIN_UNAVAILABLE',
      taken: 0,
    },
  ];

  it.each(cases)('$name', async ({ secret, code, taken }) => {
    const client = new ChillybinClient({ urls: [system.urls.chillybin], timeoutMs: 2000, subgraphSecret: secret() });
    const cheese = async () =>
      (await system.gateway.data<{ ingredient: { quantity: number } }>(`{ ingredient(name: "cheese") { quantity } }`))
        .ingredient.quantity;
    const before = await cheese();
    try {
      const error = await client.pick({ name: 'cheese', quantity: 1, key: `access-${randomUUID()}` }, scope).then(
        () => undefined,
        (err: { extensions?: { code?: string } }) => err.extensions?.code,
      );
      expect(error).toBe(code);
      expect(await cheese()).toBe(before - taken);
    } finally {
      await client.close();
    }
  });
});

describe('restock needs the admin token', () => {
  const cases: { name: string; authorization: () => string | undefined; code: string }[] = [
    { name: 'no authorization', authorization: () => undefined, code: 'UNAUTHENTICATED' },
    { name: 'a non-bearer scheme', authorization: () => 'Basic YWRtaW46YWRtaW4=', code: 'UNAUTHENTICATED' },
    { name: 'an empty bearer', authorization: () => 'Bearer ', code: 'UNAUTHENTICATED' },
    { name: 'a wrong token', authorization: () => 'Bearer not-the-admin-token', code: 'FORBIDDEN' },
    {
      name: 'the subgraph secret instead',
      authorization: () => `Bearer ${system.secrets.subgraph}`,
      code: 'FORBIDDEN',
    },
  ];

  it.each(cases)('$name: $code, and nothing changes', async ({ authorization, code }) => {
    const before = (await system.gateway.data(STOCK)).stock;
    const header = authorization();
    const client = new GraphQLClient(`${system.urls.gateway}/graphql`, header ? { authorization: header } : {});

    const result = await client.request(RESTOCK, { l: [{ name: 'cheese', quantity: 9999 }] });

    expect(result.data).toBeNull();
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
    expect((await system.gateway.data(STOCK)).stock).toEqual(before);
  });

  it('with the admin token, restocks', async () => {
    const { restock } = await system.admin.data(RESTOCK, { l: [{ name: 'cheese', quantity: 42 }] });
    expect(restock).toContainEqual({ name: 'cheese', quantity: 42 });
  });

  it('reading stock needs no token', async () => {
    expect((await system.gateway.request(STOCK)).errors).toBeUndefined();
  });
});
