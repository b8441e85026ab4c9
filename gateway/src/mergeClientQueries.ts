import { HeaderMap, type ApolloServerPlugin, type GraphQLResponse } from '@apollo/server';
import { OperationTypeNode, type FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from './context.js';

/** What the first of a set of identical queries answered, for the others to answer too. */
interface Outcome {
  result: FormattedExecutionResult;
  status?: number;
}

/**
 * Identical queries from clients, in flight at the same moment, are executed
 * once: the first runs its query plan, and the others that arrive while it
 * runs answer with its result instead of running the same plan again. It is
 * the request-level twin of `mergeSubgraphFetches` (which merges identical
 * subgraph fetches of different operations), with the same promise: nothing
 * is older than a request already under way.
 *
 * Only queries are merged, never mutations, and only when everything that can
 * change the answer is the same: the document, the operation name, the
 * variables and the `authorization` forwarded to subgraphs. Each request still
 * goes through its own parsing, validation, operation limits, usage tracking,
 * metrics and log line; the subgraphs see the first one's request id.
 * It uses Apollo Server's `responseForOperation` hook, the one response caches use.
 *
 * A request waits for the first at most `maxWaitMs` (longer than any plan
 * can take, each fetch being bounded): should the first never answer (a
 * plugin throwing mid-request, say), the others run on their own, and so
 * does every request after them.
 */
export function mergeClientQueries({ maxWaitMs }: { maxWaitMs: number }): ApolloServerPlugin<GatewayContext> {
  const inflight = new Map<string, Promise<Outcome | null>>();
  const waitFor = async (key: string, running: Promise<Outcome | null>): Promise<Outcome | null> => {
    let timer: NodeJS.Timeout | undefined;
    const gaveUp = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), maxWaitMs)));
    try {
      const outcome = await Promise.race([running, gaveUp]);
      if (outcome === null && inflight.get(key) === running) inflight.delete(key);
      return outcome;
    } finally {
      clearTimeout(timer);
    }
  };
  return {
    async requestDidStart() {
      let leading: { key: string; settle: (outcome: Outcome | null) => void } | undefined;
      return {
        async responseForOperation({
          operation,
          operationName,
          queryHash,
          request,
          contextValue,
        }): Promise<GraphQLResponse | null> {
          if (operation.operation !== OperationTypeNode.QUERY) return null;
          const key = JSON.stringify([
            queryHash,
            operationName ?? null,
            request.variables ?? {},
            contextValue.authorization ?? null,
          ]);
          const running = inflight.get(key);
          if (running) {
            const outcome = await waitFor(key, running);
            // A lead that answered in parts (never, through this gateway) or not at all leaves each to run on its own.
            if (!outcome) return null;
            return {
              http: { status: outcome.status, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: outcome.result },
            };
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
