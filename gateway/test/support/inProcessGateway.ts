import { readFileSync } from 'node:fs';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import { Registry } from 'prom-client';
import type { GatewayContext } from '../../src/context.js';
import { PlanShortcut } from '../../src/planShortcut.js';
import type { SubgraphAnswer, SubgraphCall } from '../../src/subgraphCall.js';
import { SubgraphDataSource, subgraphFetchHistogram } from '../../src/SubgraphDataSource.js';

/** The real supergraph, for tests that run an ApolloGateway in process over scripted subgraphs. */
export const supergraphSdl = readFileSync(new URL('../../../supergraph.graphql', import.meta.url), 'utf8');

/** Sends one operation to an in-process gateway server, with a request scope, and returns its result as JSON. */
export function askerOf(server: ApolloServer<GatewayContext>) {
  return async (query: string, variables?: Record<string, unknown>): Promise<FormattedExecutionResult> =>
    JSON.parse(await answerOf(server, query, variables)) as FormattedExecutionResult;
}

/** The result as the client reads it: its JSON text, fields in the order they come. */
async function answerOf(server: ApolloServer<GatewayContext>, query: string, variables?: Record<string, unknown>) {
  const response = await server.executeOperation(
    { query, variables },
    { contextValue: { requestId: 'r1', logger: undefined as never, deadline: Date.now() + 5000 } },
  );
  if (response.body.kind !== 'single') throw new Error('expected a single result');
  return JSON.stringify(response.body.singleResult);
}

export type SupergraphUpdate = (sdl: string) => void;
/** What a subgraph answers to one fetch; a throw is no answer at all. */
export type SubgraphScript = (call: SubgraphCall, subgraph: string) => SubgraphAnswer;

/**
 * A real Apollo gateway on the real supergraph, with the plan shortcut in
 * front of its executor, over subgraphs that answer from a script. It counts
 * the plans Apollo's executor ran and keeps every fetch sent.
 */
export async function scriptedGateway(
  script: SubgraphScript,
  { onUpdatable }: { onUpdatable?: (update: SupergraphUpdate) => void } = {},
) {
  const sent: SubgraphCall[] = [];
  let plansRun = 0;
  const dataSources = new Map<string, SubgraphDataSource>();
  const fetchDuration = subgraphFetchHistogram(new Registry());
  const shortcut = new PlanShortcut((name) => dataSources.get(name));
  const gateway = new ApolloGateway({
    supergraphSdl: onUpdatable
      ? async ({ update }) => {
          onUpdatable(update);
          return { supergraphSdl };
        }
      : supergraphSdl,
    experimental_didResolveQueryPlan: (resolved) => {
      plansRun += 1;
      shortcut.learn(resolved);
    },
    buildService: ({ name }) => {
      const send = async (call: SubgraphCall) => {
        sent.push(call);
        return script(call, name);
      };
      const dataSource = new SubgraphDataSource({ name, send, fetchDuration });
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  const server = new ApolloServer<GatewayContext>({ gateway: shortcut.around(gateway) });
  await server.start();
  return {
    ask: askerOf(server),
    answer: (query: string, variables?: Record<string, unknown>) => answerOf(server, query, variables),
    sent,
    plansRun: () => plansRun,
    stop: () => server.stop(),
  };
}
