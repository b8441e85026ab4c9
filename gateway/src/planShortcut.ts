import type { ApolloGateway } from '@apollo/gateway';
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
import { entityJoinOf } from './entityJoin.js';
import {
  isPlainFetch,
  plainData,
  plannedFetch,
  sendFetch,
  type PlannedFetch,
  type ShortPlan,
  type Variables,
} from './plannedFetch.js';
import type { FetchNode, PlanNode, PlanResolved } from './queryPlan.js';
import type { SubgraphDataSource } from './SubgraphDataSource.js';

type GatewayInterface = NonNullable<ApolloServerOptions<BaseContext>['gateway']>;
type GatewayExecutor = NonNullable<Awaited<ReturnType<ApolloGateway['load']>>['executor']>;

/**
 * For most of what a client asks through this gateway, Apollo's executor
 * does on every request what only needs doing once per document: it builds
 * an operation context, hashes the plan's cache key, looks the plan up, walks
 * it with a span per step, merges the answers and shapes them into the
 * client's selection. The shortcut learns, once per parsed document and
 * operation, from the plan the gateway made for it, whether it is one it can
 * run itself:
 * - one fetch of the client's own selection (`ingredient(name:)`, `stock`,
 *   `status`, an order that asks nothing of chillybin): the subgraph's data
 *   is the answer;
 * - a fetch, then one entity fetch for the objects at one path (`toasties`
 *   with their ingredients' stock, an order that asks it): entityJoin.ts.
 * Then each request checks its variables as the gateway does and sends those
 * fetches through the same data sources.
 *
 * Everything around the executor (parsing, validation, limits, persisted
 * operations, usage, merging, metrics, logs) is Apollo Server's as before.
 * Anything else, or an answer that is not plain data (an error, a failure,
 * extensions, a null where the schema forbids one), goes to Apollo's
 * executor, which then uses the responses already fetched instead of asking
 * again: errors are shaped by the one path that always shaped them, and a
 * mutation is never sent twice.
 */
export class PlanShortcut {
  /**
   * By the API schema a request ran under (the gateway makes a new schema
   * object for each supergraph it loads, so a plan learnt under one is never
   * used under the next, even when a field only moved between subgraphs),
   * then by parsed document (Apollo Server keeps one per distinct query), then
   * by operation name: the plan, or null when it is not one the shortcut runs.
   */
  private readonly known = new WeakMap<GraphQLSchema, WeakMap<DocumentNode, Map<string, ShortPlan | null>>>();

  constructor(private readonly dataSourceOf: (subgraph: string) => SubgraphDataSource | undefined) {}

  /** For the gateway's `experimental_didResolveQueryPlan`: called with each plan it runs. */
  readonly learn = ({ queryPlan, requestContext }: PlanResolved): void => {
    const { schema, document, operation, operationName } = requestContext;
    let byDocument = this.known.get(schema);
    if (!byDocument) this.known.set(schema, (byDocument = new WeakMap()));
    let byName = byDocument.get(document);
    if (!byName) byDocument.set(document, (byName = new Map<string, ShortPlan | null>()));
    const name = operationName ?? '';
    if (byName.has(name)) return;
    const node = queryPlan.node;
    const plan =
      operation.operation === OperationTypeNode.SUBSCRIPTION || !node
        ? undefined
        : (this.singleFetchOf(node, operation) ?? entityJoinOf(node, operation, schema, this.plannedFetchOf));
    byName.set(name, plan ?? null);
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

  /** The plan learnt for an operation run under `schema`, if the shortcut runs it. */
  planOf(schema: GraphQLSchema, document: DocumentNode, operationName: string | null | undefined) {
    return (
      this.known
        .get(schema)
        ?.get(document)
        ?.get(operationName ?? '') ?? undefined
    );
  }

  /** The gateway's executor, with the shortcut in front. */
  wrap(inner: GatewayExecutor): GatewayExecutor {
    return async (requestContext) => {
      const scope = requestContext.context as Partial<GatewayContext>;
      // Fetched already, before Apollo Server (learntOperations.ts): the plan uses those responses.
      if (scope.primedFetches) return inner(requestContext);
      const { request, operation, schema, document, operationName } = requestContext;
      const plan = this.planOf(schema, document, operationName);
      if (!plan) return inner(requestContext);
      // As the gateway's executor does before it plans: variables that do not coerce are its errors to return.
      const coerced = coercedVariables(schema, operation, request.variables);
      if (!coerced) return inner(requestContext);
      const answer = await plan.run(request.variables, coerced, scope);
      if ('data' in answer) return { data: answer.data };
      scope.primedFetches = answer.primed;
      return inner(requestContext);
    };
  }

  private readonly plannedFetchOf = (fetch: FetchNode): PlannedFetch | undefined =>
    plannedFetch(fetch, this.dataSourceOf(fetch.serviceName));

  private singleFetchOf(node: PlanNode, operation: OperationDefinitionNode): ShortPlan | undefined {
    if (node.kind !== 'Fetch' || !isPlainFetch(node) || !asksWhatTheClientAsked(node, print(operation.selectionSet)))
      return undefined;
    const planned = this.plannedFetchOf(node);
    if (!planned) return undefined;
    return {
      run: (variables, _coerced, scope) => {
        const response = sendFetch(planned, variables, scope);
        return plainData(response).then((data) =>
          data ? { data } : { primed: [{ subgraph: node.serviceName, response }] },
        );
      },
    };
  }
}

/** The request's variables coerced to the operation's variable definitions, as execution requires; undefined if they do not. */
export function coercedVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Variables | undefined,
): Variables | undefined {
  if (!operation.variableDefinitions?.length) return {};
  const { coerced } = getVariableValues(schema, operation.variableDefinitions, variables ?? {});
  return coerced;
}

/** Whether the fetch's one operation selects exactly what the client's operation selects. */
function asksWhatTheClientAsked(fetch: FetchNode, clientSelection: string): boolean {
  const document = fetch.operationDocumentNode ?? parse(fetch.operation);
  const definitions = document.definitions;
  const only = definitions.length === 1 ? definitions[0] : undefined;
  return only?.kind === Kind.OPERATION_DEFINITION && print(only.selectionSet) === clientSelection;
}
