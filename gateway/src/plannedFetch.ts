import type { GatewayContext } from './context.js';
import type { FetchNode } from './queryPlan.js';
import type { SubgraphDataSource, SubgraphResponse } from './SubgraphDataSource.js';
import { readsOnly } from './subgraphCall.js';

export type Variables = Record<string, unknown>;

/** A subgraph's response the shortcut has already fetched, for the query plan to use instead of fetching again. */
export interface PrimedFetch {
  subgraph: string;
  response: Promise<SubgraphResponse>;
}

/** What a plan the shortcut runs gave: the client's data, or what it fetched, for Apollo's executor to finish. */
export type ShortcutAnswer = { data: Variables } | { primed: PrimedFetch[] };

/** A query plan the shortcut runs itself. */
export interface ShortPlan {
  /**
   * Sends what Apollo's executor would send, with the request's `variables`
   * as they came (`coerced` is what they mean, for @include and @skip).
   */
  run(variables: Variables | undefined, coerced: Variables, scope: Partial<GatewayContext>): Promise<ShortcutAnswer>;
}

/** A fetch, the data source that sends it, and whether it only reads (subgraphCall.ts), known once. */
export interface PlannedFetch {
  fetch: FetchNode;
  source: SubgraphDataSource;
  readsOnly: boolean;
}

/** The fetch as the shortcut sends it, when a data source sends to its subgraph. */
export function plannedFetch(fetch: FetchNode, source: SubgraphDataSource | undefined): PlannedFetch | undefined {
  return source && { fetch, source, readsOnly: readsOnly(fetch.operation, fetch.operationDocumentNode) };
}

/** A fetch with nothing for the executor to do around it: no input, no rewrites, no @defer. */
export function isPlainFetch(fetch: FetchNode): boolean {
  return (
    !fetch.requires?.length &&
    !fetch.hasDefers &&
    !fetch.inputRewrites?.length &&
    !fetch.outputRewrites?.length &&
    !fetch.contextRewrites?.length
  );
}

/** Sends a planned fetch through its data source, with the variables it uses and any `extra` (representations). */
export function sendFetch(
  { fetch, source, readsOnly }: PlannedFetch,
  provided: Variables | undefined,
  scope: Partial<GatewayContext>,
  extra?: Variables,
): Promise<SubgraphResponse> {
  const variables = usedVariables(fetch, provided);
  return source.send(
    {
      query: fetch.operation,
      variables: extra ? { ...variables, ...extra } : variables,
      operationName: fetch.operationName,
    },
    scope,
    readsOnly,
  );
}

/** A response's data when it has nothing else (no error, no extensions), or null: also for a failed fetch. */
export function plainData(response: Promise<SubgraphResponse>): Promise<Variables | null> {
  return response.then(
    (answered) => (!answered.errors?.length && !answered.extensions && answered.data != null ? answered.data : null),
    () => null,
  );
}

/** The variables the fetch uses, as the gateway's executor picks them. */
function usedVariables(fetch: FetchNode, provided: Variables | undefined): Variables {
  const variables: Variables = Object.create(null) as Variables;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && provided[name] !== undefined) variables[name] = provided[name];
  }
  return variables;
}
