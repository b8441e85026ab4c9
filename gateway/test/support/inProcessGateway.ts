import { readFileSync } from 'node:fs';
import type { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from '../../src/context.js';

/** The real supergraph, for tests that run an ApolloGateway in process over scripted subgraphs. */
export const supergraphSdl = readFileSync(new URL('../../../supergraph.graphql', import.meta.url), 'utf8');

/** Sends one operation to an in-process gateway server, with a request scope, and returns its result as JSON. */
export function askerOf(server: ApolloServer<GatewayContext>) {
  return async (query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult> => {
    const response = await server.executeOperation(
      { query, variables },
      { contextValue: { requestId: 'r1', logger: undefined as never, deadline: Date.now() + 5000 } },
    );
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    return JSON.parse(JSON.stringify(response.body.singleResult)) as FormattedExecutionResult;
  };
}
