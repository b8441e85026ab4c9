import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap } from '@apollo/server';
import { buildSchema, parse, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { createOperationObserver } from '../../platform/operationObserver.js';
import type { RequestScope } from '../../platform/requestScope.js';
import { LearntOperations } from '../src/learntOperations.js';
import type { PlanShortcut } from '../src/planShortcut.js';
import type { ShortPlan } from '../src/plannedFetch.js';

// What the path learns is kept against the supergraph being served: once the
// gateway loads another (a registry version, a field moved between subgraphs),
// nothing learnt before is answered, and each document goes through Apollo
// Server again. The end-to-end comparison with Apollo Server's answers is
// test/learntOperations.test.ts; this is the schema swap, which it cannot make.

const SDL = 'type Query { ingredient(name: String!): Ingredient } type Ingredient { name: String! quantity: Int! }';
const QUERY = 'query Ingredient($n: String!) { ingredient(name: $n) { name quantity } }';

function harness() {
  let swap: (schema: GraphQLSchema) => void = () => {};
  const sent: unknown[] = [];
  const plan: ShortPlan = {
    run: async (variables) => {
      sent.push(variables);
      return { data: { ingredient: { name: 'cheese', quantity: 3 } } };
    },
  };
  const shortcut = { planOf: () => plan } as unknown as PlanShortcut;
  const registry = new Registry();
  const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
  const learnt = new LearntOperations({
    shortcut,
    onSchema: (listener) => (swap = listener),
    serving: () => true,
    manifestDocument: () => undefined,
    admission: { verdict: () => 'listed', note: () => {} },
    recordUsage: () => {},
    versionLabel: () => 'v1',
    observer: createOperationObserver({ registry, logger }),
    contextOf: async (_req, scope) => scope,
    maxDocumentChars: 2 ** 20,
    registry,
  });
  const req = { method: 'POST', headers: { accept: 'application/json' } } as unknown as IncomingMessage;
  learnt.apolloAnswered(req, 200, new HeaderMap([['content-type', 'application/json; charset=utf-8']]));

  /** What Apollo Server tells the plugin once it has answered QUERY under `schema` with data. */
  const answeredByApollo = async (schema: GraphQLSchema) => {
    const document = parse(QUERY);
    const hooks = await learnt.plugin.requestDidStart!({} as never);
    await hooks!.willSendResponse!({
      schema,
      source: QUERY,
      queryHash: 'hash',
      document,
      operation: document.definitions[0] as OperationDefinitionNode,
      operationName: 'Ingredient',
      request: { operationName: 'Ingredient' },
      response: { body: { kind: 'single', singleResult: { data: {} } }, http: { headers: new HeaderMap() } },
    } as never);
  };
  /** Asks the path; what it wrote, if it answered. */
  const ask = async () => {
    const written: { headers: Record<string, string>; body?: string } = { headers: {} };
    const res = {
      setHeader: (name: string, value: string) => (written.headers[name] = value),
      end: (body: string) => (written.body = body),
    } as unknown as ServerResponse;
    const scope = { requestId: 'r', logger } as RequestScope;
    const body = { query: QUERY, operationName: 'Ingredient', variables: { n: 'cheese' } };
    return (await learnt.answer(req, res, body, scope)) ? written : undefined;
  };
  return { swap: (schema: GraphQLSchema) => swap(schema), sent, answeredByApollo, ask };
}

describe('LearntOperations', () => {
  it('answers a document Apollo Server answered under the supergraph being served', async () => {
    const { swap, answeredByApollo, ask, sent } = harness();
    const schema = buildSchema(SDL);
    swap(schema);
    expect(await ask()).toBeUndefined();
    await answeredByApollo(schema);
    expect(await ask()).toEqual({
      headers: { 'content-type': 'application/json; charset=utf-8', 'x-supergraph-version': 'v1' },
      body: '{"data":{"ingredient":{"name":"cheese","quantity":3}}}\n',
    });
    expect(sent).toEqual([{ n: 'cheese' }]);
  });

  it('forgets what it learnt when the gateway loads another supergraph, and learns again under it', async () => {
    const { swap, answeredByApollo, ask, sent } = harness();
    const first = buildSchema(SDL);
    const next = buildSchema(SDL);
    swap(first);
    await answeredByApollo(first);
    swap(next);
    expect(await ask()).toBeUndefined();
    // A request that began under the old supergraph and ends after the swap teaches nothing.
    await answeredByApollo(first);
    expect(await ask()).toBeUndefined();
    await answeredByApollo(next);
    expect(await ask()).toBeDefined();
    expect(sent).toHaveLength(1);
  });
});
