import type { ApolloGateway, GatewayConfig } from '@apollo/gateway';
import type { ApolloServerOptions, BaseContext } from '@apollo/server';
import {
  getVariableValues,
  Kind,
  OperationTypeNode,
  parse,
  print,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import type { GatewayContext } from './context.js';
import type { SubgraphDataSource, SubgraphResponse } from './SubgraphDataSource.js';

type GatewayInterface = NonNullable<ApolloServerOptions<BaseContext>['gateway']>;
type GatewayExecutor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;
type PlanResolved = Parameters<NonNullable<GatewayConfig['experimental_didResolveQueryPlan']>>[0];
type PlanNode = NonNullable<PlanResolved['queryPlan']['node']>;
type FetchNode = Extract<PlanNode, { kind: 'Fetch' }>;

/** A subgraph's response the shortcut has already fetched, for the query plan to use instead of fetching again. */
export interface PrimedFetch {
  subgraph: string;
  response: Promise<SubgraphResponse>;
}

/** The one fetch that answers an operation, and the data source that sends it. */
export interface SingleFetch {
  fetch: FetchNode;
  source: SubgraphDataSource;
}

/**
 * Most of what a client asks through this gateway is answered by one
 * subgraph, with the very selection the client sent (`ingredient(name:)`,
 * `stock`, `toasties` without ingredients' stock). For such a query, Apollo's
 * executor still, on every request, builds an operation context, hashes the
 * plan's cache key, looks the plan up, walks it with a span per step, and
 * shapes the subgraph's data into the client's selection, which it already
 * is. The shortcut learns, once per parsed document and operation, from the
 * plan the gateway made for it, whether the plan is one fetch of the client's
 * own selection; then each request checks its variables as the gateway does,
 * sends that fetch through the same data source, and answers with the data.
 *
 * Everything around the executor (parsing, validation, limits, persisted
 * operations, usage, merging, metrics, logs) is Apollo Server's as before.
 * Anything else, or a fetch that did not answer plain data (an error, a
 * failure, extensions), goes to Apollo's executor, which then uses the
 * response already fetched instead of asking the subgraph twice: errors are
 * shaped by the one path that always shaped them.
 */
export class SingleFetchShortcut {
  /**
   * By the API schema a request ran under (the gateway makes a new schema
   * object for each supergraph it loads, so a plan learnt under one is never
   * used under the next, even when a field only moved between subgraphs),
   * then by parsed document (Apollo Server keeps one per distinct query), then
   * by operation name: the fetch, or null when none fits.
   */
  private readonly known = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, FetchNode | null>>>();

  constructor(private readonly dataSourceOf: (subgraph: string) => SubgraphDataSource | undefined) {}

  /** For the gateway's `experimental_didResolveQueryPlan`: called with each plan it runs. */
  readonly learn = ({ queryPlan, requestContext }: PlanResolved): void => {
    const { schema, document, operation, operationName } = requestContext;
    let byDocument = this.known.get(schema);
    if (!byDocument) this.known.set(schema, (byDocument = new WeakMap()));
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map<string, FetchNode | null>()));
    const name = operationName ?? '';
    if (byName.has(name)) return;
    const node = queryPlan.node;
    const fits =
      operation.operation === OperationTypeNode.QUERY &&
      node?.kind === 'Fetch' &&
      !node.requires?.length &&
      !node.hasDefers &&
      !node.inputRewrites?.length &&
      !node.outputRewrites?.length &&
      !node.contextRewrites?.length &&
      asksWhatTheClientAsked(node, print(operation.selectionSet));
    byName.set(name, fits ? node : null);
  };

  /** The gateway as Apollo Server sees it: the same, with the shortcut in front of its executor. */
  around(gateway: ApolloGateway): GatewayInterface {
    return {
      load: async (options) => {
        const { schema, executor } = await gateway.load(options);
        return { schema, executor: executor && this.wrap(executor) };
      },
      onSchemaLoadOrUpdate: (callback) => gateway.onSchemaLoadOrUpdate(callback),
      stop: () => gateway.stop(),
    };
  }

  /** The single fetch learnt for an operation run under `schema`, if its plan is one. */
  singleFetchOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) {
    const fetch = this.known
      .get(schema)
      ?.get(document)
      ?.get(operationName ?? '');
    const source = fetch && this.dataSourceOf(fetch.serviceName);
    return fetch && source ? { fetch, source } : undefined;
  }

  /** Sends the fetch with the request's variables; `plain` is the data when the subgraph answered nothing else. */
  send({ fetch, source }: SingleFetch, variables: Record<string, unknown> | undefined, scope: Partial<GatewayContext>) {
    const response = source.fetch(
      { query: fetch.operation, variables: usedVariables(fetch, variables), operationName: fetch.operationName },
      scope,
      true,
    );
    const plain = response.then(
      (answered) => (!answered.errors?.length && !answered.extensions && answered.data != null ? answered.data : null),
      () => null,
    );
    return { plain, primed: { subgraph: fetch.serviceName, response } satisfies PrimedFetch };
  }

  /** The gateway's executor, with the shortcut in front. */
  wrap(inner: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const scope = requestContext.context as Partial<GatewayContext>;
      // Fetched already, before Apollo Server (learntOperations.ts): the plan uses that response.
      if (scope.primedFetch) return inner(requestContext);
      const { request, operation, schema, document, operationName } = requestContext;
      const single = this.singleFetchOf(schema, document, operationName);
      if (!single) return inner(requestContext);
      // As the gateway's executor does before it plans: variables that do not coerce are its errors to return.
      if (!variablesCoerce(schema, operation, request.variables)) return inner(requestContext);
      const { plain, primed } = this.send(single, request.variables, scope);
      const data = await plain;
      if (data) return { data };
      scope.primedFetch = primed;
      return inner(requestContext);
    };
  }
}

/** Whether the request's variables coerce to the operation's variable definitions, as execution requires. */
export function variablesCoerce(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
): boolean {
  if (!operation.variableDefinitions?.length) return true;
  return !getVariableValues(schema, operation.variableDefinitions, variables ?? {}).errors;
}

/** Whether the fetch's one operation selects exactly what the client's operation selects. */
function asksWhatTheClientAsked(fetch: FetchNode, clientSelection: string): boolean {
  const document = fetch.operationDocumentNode ?? parse(fetch.operation);
  const definitions = document.definitions;
  const only = definitions.length === 1 ? definitions[0] : undefined;
  return only?.kind === Kind.OPERATION_DEFINITION && print(only.selectionSet) === clientSelection;
}

/** The variables the fetch uses, as the gateway's executor picks them. */
function usedVariables(fetch: FetchNode, provided: Record<string, unknown> | undefined): Record<string, unknown> {
  const variables: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  for (const name of fetch.variableUsages ?? []) {
    if (provided && provided[name] !== undefined) variables[name] = provided[name];
  }
  return variables;
}
