import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from '../support/system.js';

// Malformed and hostile requests to the gateway: each is refused with a 4xx or
// a GraphQL error with a stable code, nothing crashes, and no stock moves.

let system: System;

beforeAll(async () => {
  system = await startSystem();
});
afterAll(() => system.stop());

interface Answer {
  status: number;
  codes: string[];
}

async function send(init: {
  method?: string;
  type?: string;
  body?: string;
  search?: string;
  headers?: Record<string, string>;
}): Promise<Answer> {
  const response = await fetch(`${system.urls.gateway}/graphql${init.search ?? ''}`, {
    method: init.method ?? 'POST',
    headers: { ...(init.type ? { 'content-type': init.type } : {}), ...init.headers },
    ...(init.body !== undefined ? { body: init.body } : {}),
  });
  const text = await response.text();
  let codes: string[];
  try {
    const json = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    codes = (json.errors ?? []).map((e) => e.extensions?.code ?? 'NONE');
  } catch {
    codes = ['NOT_JSON'];
  }
  return { status: response.status, codes };
}

const json = (query: unknown, variables?: unknown) => ({
  type: 'application/json',
  body: JSON.stringify({ query, variables }),
});

const MAKE = 'mutation($i: [String!]!) { makeToastie(input: { ingredients: $i }) { id } }';
const PICK = 'mutation($n: String!, $q: Int!) { pick(name: $n, quantity: $q) { quantity } }';
const INGREDIENT = 'query($n: String!) { ingredient(name: $n) { quantity } }';
const RESTOCK = 'mutation($l: [StockLevelInput!]) { restock(levels: $l) { name } }';
const operator = { $gt: '' };

const cases: { name: string; request: Parameters<typeof send>[0]; status: number; code: string; admin?: boolean }[] = [
  {
    name: 'invalid JSON',
    request: { type: 'application/json', body: '{"query": "{ status }"' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a text/plain body (CSRF)',
    request: { type: 'text/plain', body: '{"query":"{ status }"}' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a form body (CSRF)',
    request: { type: 'application/x-www-form-urlencoded', body: 'query=%7B%20status%20%7D' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  { name: 'no query', request: json(undefined), status: 400, code: 'BAD_REQUEST' },
  { name: 'a query that is an object', request: json(operator), status: 400, code: 'BAD_REQUEST' },
  {
    name: 'variables that are not an object',
    request: { type: 'application/json', body: '{"query":"{ status }","variables":"x"}' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'an operationName naming no operation in the document',
    request: { type: 'application/json', body: '{"query":"query A { status }","operationName":"B"}' },
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'several operations and no operationName',
    request: json('query A { status } query C { status }'),
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  // A client that asks for application/json by name cannot tell our 4xx from a proxy's: a request error is 200 for it.
  {
    name: 'no operation to run, for a client that accepts application/json',
    request: { ...json('query A { status } query C { status }'), headers: { accept: 'application/json' } },
    status: 200,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'no operation to run, for a client that accepts application/graphql-response+json',
    request: {
      ...json('query A { status } query C { status }'),
      headers: { accept: 'application/graphql-response+json' },
    },
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
  },
  {
    name: 'a batch (not enabled)',
    request: { type: 'application/json', body: '[{"query":"{ status }"},{"query":"{ status }"}]' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a mutation over GET',
    request: {
      method: 'GET',
      search: `?query=${encodeURIComponent('mutation { restock { name } }')}`,
      headers: { 'apollo-require-preflight': 'true' },
    },
    status: 405,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a GET without a CSRF preflight header',
    request: { method: 'GET', search: '?query=%7Bstatus%7D' },
    status: 400,
    code: 'BAD_REQUEST',
  },
  {
    name: 'a body over MAX_BODY_BYTES',
    request: json(`{ status }${' '.repeat(200_000)}`),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  {
    name: 'a deeply nested query',
    request: json(`{ ${'a { '.repeat(30)}b${' }'.repeat(30)} }`),
    status: 400,
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
  {
    name: 'an alias flood',
    request: json(`{ ${Array.from({ length: 200 }, (_, i) => `a${i}: status`).join(' ')} }`),
    status: 400,
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
  {
    name: 'a deeply nested query, for a client that accepts application/json',
    request: { ...json(`{ ${'a { '.repeat(30)}b${' }'.repeat(30)} }`), headers: { accept: 'application/json' } },
    status: 200,
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
  {
    name: 'a very long query (token limit)',
    request: json(`{ ${'status '.repeat(5000)}}`),
    status: 400,
    code: 'OPERATION_LIMIT_EXCEEDED',
  },
  {
    name: 'an operator object as a String variable',
    request: json(INGREDIENT, { n: operator }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'operator objects in a list of names',
    request: json(MAKE, { i: ['cheese', operator] }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'an operator-shaped name as a string',
    request: json(PICK, { n: '{"$gt": ""}', q: 1 }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'an operator-shaped filling',
    request: json(MAKE, { i: ['cheese', '{"$ne": null}'] }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  { name: 'a name too long', request: json(PICK, { n: 'c'.repeat(5000), q: 1 }), status: 200, code: 'BAD_USER_INPUT' },
  { name: 'a negative quantity', request: json(PICK, { n: 'cheese', q: -5 }), status: 200, code: 'BAD_USER_INPUT' },
  {
    name: 'a huge quantity (beyond Int)',
    request: json(PICK, { n: 'cheese', q: 1e12 }),
    status: 400,
    code: 'BAD_USER_INPUT',
  },
  {
    name: "a large quantity (beyond the stall's limit)",
    request: json(PICK, { n: 'cheese', q: 2_000_000 }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a huge list of fillings',
    request: json(MAKE, { i: Array(5000).fill('cheese') }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a page size beyond the maximum',
    request: json('{ toasties(limit: 100000) { id } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  // A null page size skips the schema's default (20), so the resolver sees it and refuses it.
  {
    name: 'a null page size of toasties',
    request: json('query($n: Int) { toasties(last: $n) { id } }', { n: null }),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'a null page size of orders',
    request: json('{ orders(limit: null) { id } }'),
    status: 200,
    code: 'BAD_USER_INPUT',
  },
  {
    name: 'putBack, which the gateway does not offer',
    request: json('mutation { putBack(name: "cheese", quantity: 100) { quantity } }'),
    status: 400,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'restock without an admin token',
    request: json(RESTOCK, { l: [{ name: 'cheese', quantity: 9999 }] }),
    status: 200,
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'restock with a negative level (admin)',
    request: json(RESTOCK, { l: [{ name: 'cheese', quantity: -1 }] }),
    status: 200,
    code: 'BAD_USER_INPUT',
    admin: true,
  },
  {
    name: 'restock with too many levels (admin)',
    request: json(RESTOCK, { l: Array.from({ length: 101 }, (_, i) => ({ name: `thing-${i}`, quantity: 1 })) }),
    status: 200,
    code: 'BAD_USER_INPUT',
    admin: true,
  },
  {
    name: 'restock with an operator object as a level (admin)',
    request: json(RESTOCK, { l: [{ name: 'cheese', quantity: operator }] }),
    status: 400,
    code: 'BAD_USER_INPUT',
    admin: true,
  },
];

async function stockLevels() {
  return (
    await system.gateway.data<{ stock: { name: string; quantity: number; description: string }[] }>(
      `{ stock { name quantity description } }`,
    )
  ).stock;
}

describe('hostile requests to the gateway', () => {
  it('refuses every one with a 4xx or a stable error code, and changes no stock', async () => {
    const before = await stockLevels();
    const answers = [];
    for (const { name, request, admin } of cases) {
      const headers = admin ? { authorization: `Bearer ${system.secrets.admin}`, ...request.headers } : request.headers;
      answers.push({ name, ...(await send({ ...request, ...(headers ? { headers } : {}) })) });
    }
    expect(answers).toEqual(
      cases.map(({ name, status, code }) => ({ name, status, codes: expect.arrayContaining([code]) })),
    );
    expect(await stockLevels()).toEqual(before);
  });

  it('leaves every service answering /health', async () => {
    for (const url of [
      system.urls.gateway,
      new URL(system.urls.chillybin).origin,
      new URL(system.urls.jafflr).origin,
    ]) {
      const response = await fetch(`${url}/health`);
      expect({ url, status: response.status }).toEqual({ url, status: 200 });
    }
  });
});
