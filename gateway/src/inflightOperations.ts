import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './SubgraphDataSource.js';

/** What the first of a set of identical queries answered, for the others to answer too. */
interface Outcome {
  result: FormattedExecutionResult;
  status?: number;
}

/**
 * Identical queries from clients, in flight at the same moment, are executed
 * once: the first runs its query plan, and the others that arrive while it
 * runs answer with its result instead of running the same plan again. It is
 * the request-level twin of `dedupeInflightQueries` (which merges identical
 * subgraph fetches of different operations), with the same promise: nothing
 * is older than a request already under way.
 *
 * Only queries are merged, never mutations, and only when everything that can
 * change the answer is the same: the document, the operation name, the
 * variables and the `authorization` forwarded to subgraphs. Each request still
 * goes through its own parsing, validation, operation limits, usage tracking,
 * metrics and log line; the subgraphs see the first one's request id.
 * It uses Apollo Server's `responseForOperation` hook, the one response caches use.
 */
export function mergeInflightOperations(): ApolloServerPlugin<GatewayContext> {
  const inflight = new Map<string, Promise<Outcome | null>>();
  return {
    async requestDidStart() {
      let leading: { key: string; settle: (outcome: Outcome | null) => void } | undefined;
      return {
        async responseForOperation({ operation, operationName, queryHash, request, contextValue }): Promise<GraphQLResponse | null> {
          if (operation.operation !== 'query') return null;
          const key = JSON.stringify([queryHash, operationName ?? null, request.variables ?? {}, contextValue.authorization ?? null]);
          const running = inflight.get(key);
          if (running) {
            const outcome = await running;
            // A lead that answered in parts (never, through this gateway) leaves each to run on its own.
            if (!outcome) return null;
            return { http: { status: outcome.status, headers: new HeaderMap() }, body: { kind: 'single', singleResult: outcome.result } };
          }
          let settle!: (outcome: Outcome | null) => void;
          inflight.set(key, new Promise((resolve) => (settle = resolve)));
          leading = { key, settle };
          return null;
        },
        // Runs for every response, errors included, so those waiting are never left waiting.
        async willSendResponse({ response }) {
          if (!leading) return;
          inflight.delete(leading.key);
          const { body, http } = response;
          leading.settle(body.kind === 'single' ? { result: body.singleResult, status: http.status } : null);
        },
      };
    },
  };
}
