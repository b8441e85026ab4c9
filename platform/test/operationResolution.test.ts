import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseUnresolvedOperations } from '../operationResolution.js';

// A document that names no operation to run is refused as the client's
// mistake, before a later hook can trip over the missing operation.

/** Trusts Apollo's types that the operation is there, as the gateway's request merging does. */
const readsTheOperation: ApolloServerPlugin = {
  async requestDidStart() {
    return {
      async responseForOperation({ operation }) {
        void operation.operation;
        return null;
      },
    };
  },
};

const server = new ApolloServer({
  typeDefs: 'type Query { status: String }',
  resolvers: { Query: { status: () => 'open' } },
  plugins: [refuseUnresolvedOperations(), readsTheOperation],
});
beforeAll(() => server.startInBackgroundHandlingStartupErrorsByLoggingAndFailingAllRequests());
afterAll(() => server.stop());

const cases: {
  name: string;
  query: string;
  operationName?: string;
  status: number;
  code?: string;
  message?: string;
}[] = [
  { name: 'a name that is in the document', query: 'query A { status }', operationName: 'A', status: 200 },
  { name: 'one operation and no name', query: 'query A { status }', status: 200 },
  {
    name: 'a name that is not in the document',
    query: 'query A { status }',
    operationName: 'B',
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
    message: 'Unknown operation named "B".',
  },
  {
    name: 'several operations and no name',
    query: 'query A { status } query C { status }',
    status: 400,
    code: 'OPERATION_RESOLUTION_FAILURE',
    message: 'Must provide operation name if query contains multiple operations.',
  },
];

describe('refuseUnresolvedOperations', () => {
  it.each(cases)('$name → $status', async ({ query, operationName, status, code, message }) => {
    const response = await server.executeOperation({ query, ...(operationName ? { operationName } : {}) });
    const result = response.body.kind === 'single' ? response.body.singleResult : undefined;
    expect({
      status: response.http.status ?? 200,
      code: result?.errors?.[0]?.extensions?.code,
      message: result?.errors?.[0]?.message,
    }).toEqual({
      status,
      code,
      message,
    });
  });
});
