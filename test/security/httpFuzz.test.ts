import fc from 'fast-check';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, isStableCode } from '../../platform/errors.js';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { httpRequests, type FuzzRequest, type GraphQLSurface } from '../support/httpRequests.js';
import { startSystem, type System } from '../support/system.js';

// Property-based fuzzing of each service's GraphQL endpoint: whatever a client
// sends, no 5xx, every error carries a code from ErrorCode and none is an
// internal fault, and the service still answers afterwards. fast-check prints
// the seed and the smallest failing request; `seed` and `path` in
// fc.assert's options replay it.

const RUNS_PER_SERVICE = 300;

let system: System;
const agent = new Agent();

beforeAll(async () => {
  system = await startSystem();
});
afterAll(async () => {
  await agent.close();
  await system?.stop();
});

/** Documents every service is sent: names to match or miss, several operations, a fragment, a subscription, introspection. */
const shared = [
  'query A { __typename }',
  'query A { __typename } query B { __typename }',
  'query A { ...F } fragment F on Query { __typename }',
  'subscription A { __typename }',
  '{ __schema { types { name } } }',
];

const documents = {
  gateway: [
    ...shared,
    '{ status stock { name quantity } }',
    'query Stock($n: String!) { ingredient(name: $n) { name quantity description } }',
    'query B($last: Int, $limit: Int) { toasties(last: $last, limit: $limit) { id doneness customer ingredients { name quantity } } }',
    'query C($id: ID!) { toastie(id: $id) { id createdAt } }',
    'query A($customer: String, $limit: Int) { orders(customer: $customer, limit: $limit) { id status items { ingredient { name } } } }',
    'mutation Make($input: MakeToastieInput!) { makeToastie(input: $input) { id ingredients { name } } }',
    'mutation A($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }',
    'mutation B($id: ID!) { cancelOrder(id: $id) { id status } }',
    'mutation C($n: String!, $q: Int!) { pick(name: $n, quantity: $q) { quantity } }',
  ],
  chillybin: [
    ...shared,
    '{ stock { name quantity } _service { sdl } }',
    'query Stock($n: String!) { ingredient(name: $n) { name quantity } }',
    'query A($customer: String, $limit: Int) { orders(customer: $customer, limit: $limit) { id items { name } } }',
    'query Entities($r: [_Any!]!) { _entities(representations: $r) { __typename ... on Ingredient { name quantity description } } }',
    'mutation A($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }',
    'mutation B($id: ID!) { cancelOrder(id: $id) { id status } }',
    'mutation C($n: String!, $q: Int!) { putBack(name: $n, quantity: $q) { quantity } }',
    'mutation Make($n: String!, $q: Int!) { pick(name: $n, quantity: $q) { quantity } }',
  ],
  jafflr: [
    ...shared,
    '{ status _service { sdl } }',
    'query B($last: Int, $limit: Int) { toasties(last: $last, limit: $limit) { id ingredients { name } } }',
    'query C($id: ID!) { toastie(id: $id) { id doneness } }',
    'query Entities($r: [_Any!]!) { _entities(representations: $r) { __typename } }',
    'mutation Make($input: MakeToastieInput!) { makeToastie(input: $input) { id } }',
  ],
};

/** Subgraphs answer only the gateway: most requests come with the secret, some with a wrong one or none. */
function subgraphHeaders(secret: string): GraphQLSurface['headers'] {
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant({ [SUBGRAPH_SECRET_HEADER]: secret }) },
    { weight: 1, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.stringMatching(/^[!-~]{0,40}$/).map((wrong) => ({ [SUBGRAPH_SECRET_HEADER]: wrong })) },
  );
}

interface Answer {
  status: number;
  contentType: string;
  body: string;
}

async function send(url: string, { method, search, headers, body }: FuzzRequest): Promise<Answer> {
  const response = await request(`${url}${search}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
    dispatcher: agent,
    // A service that stops answering fails the run rather than hanging it.
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  });
  return {
    status: response.statusCode,
    contentType: String(response.headers['content-type'] ?? ''),
    body: await response.body.text(),
  };
}

type GraphQLResponse = { errors?: { extensions?: { code?: unknown } }[] };

/**
 * The codes of a GraphQL response's errors; undefined for a body that is not a
 * GraphQL response. A subgraph takes a batch (a JSON array of operations, as
 * the gateway sends its reads) and answers an array of responses with one
 * status for all: their codes together.
 */
function errorCodes({ contentType, body }: Answer): unknown[] | undefined {
  if (!/json/i.test(contentType)) return undefined;
  const codesOf = ({ errors }: GraphQLResponse) =>
    Array.isArray(errors) ? errors.map((error) => error?.extensions?.code) : [];
  try {
    const parsed = JSON.parse(body) as GraphQLResponse | GraphQLResponse[];
    return Array.isArray(parsed) ? parsed.flatMap((response) => codesOf(response ?? {})) : codesOf(parsed);
  } catch {
    return undefined;
  }
}

/** The property: what is wrong with an answer, if anything. */
function faultsOf(answer: Answer, method: string): string[] {
  const faults: string[] = [];
  if (answer.status >= 500) faults.push(`HTTP ${answer.status}`);
  // A HEAD answer has no body to read.
  if (method === 'HEAD') return faults;
  const codes = errorCodes(answer);
  if (answer.status >= 400 && !codes?.length)
    faults.push(`HTTP ${answer.status} without a GraphQL error: ${answer.body.slice(0, 200)}`);
  for (const code of codes ?? []) {
    if (!isStableCode(code)) faults.push(`unstable code ${String(code)}: ${answer.body.slice(0, 200)}`);
    else if (code === ErrorCode.INTERNAL_SERVER_ERROR) faults.push(`an internal fault: ${answer.body.slice(0, 200)}`);
  }
  return faults;
}

/** The request of issue 10, which the gateway answered with a 500. */
const unknownOperationName = (headers: Record<string, string> = {}): FuzzRequest => ({
  method: 'POST',
  search: '',
  headers: { 'content-type': 'application/json', ...headers },
  body: '{"query":"query A { __typename }","operationName":"B"}',
});

/** A batch whose one operation is no operation: a subgraph answers the whole array with a 400 (issue 13's batches). */
const batchWithNoOperation = (headers: Record<string, string> = {}): FuzzRequest => ({
  method: 'POST',
  search: '',
  headers: { 'content-type': 'application/json', ...headers },
  body: '[{"query":"{ __typename }"},{"extensions":{}}]',
});

const services = [
  {
    name: 'gateway',
    url: () => `${system.urls.gateway}/graphql`,
    headers: () => fc.constant({}),
    stillAnswers: '{ status }',
  },
  {
    name: 'chillybin',
    url: () => system.urls.chillybin,
    headers: () => subgraphHeaders(system.secrets.subgraph),
    stillAnswers: '{ stock { name } }',
  },
  {
    name: 'jafflr',
    url: () => system.urls.jafflr,
    headers: () => subgraphHeaders(system.secrets.subgraph),
    stillAnswers: '{ status }',
  },
] as const;

describe.each(services)('whatever a client sends to $name', ({ name, url, headers, stillAnswers }) => {
  it(`answers ${RUNS_PER_SERVICE} requests with no 5xx and only stable error codes`, async () => {
    const surface: GraphQLSurface = { documents: documents[name], headers: headers() };
    const secret: Record<string, string> =
      name === 'gateway' ? {} : { [SUBGRAPH_SECRET_HEADER]: system.secrets.subgraph };
    await fc.assert(
      fc.asyncProperty(httpRequests(surface), async (sent) => {
        expect(faultsOf(await send(url(), sent), sent.method)).toEqual([]);
      }),
      {
        numRuns: RUNS_PER_SERVICE,
        examples: [
          [unknownOperationName()],
          [unknownOperationName(secret)],
          [batchWithNoOperation()],
          [batchWithNoOperation(secret)],
        ],
      },
    );
  });

  it('still answers afterwards', async () => {
    expect((await fetch(`${new URL(url()).origin}/health`)).status).toBe(200);
    expect(await system[name].data(stillAnswers)).toBeTruthy();
  });
});
