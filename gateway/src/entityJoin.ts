import type { GraphQLSchema, OperationDefinitionNode } from 'graphql';
import type { GatewayContext } from './context.js';
import type { FetchNode, PlanNode } from './queryPlan.js';
import {
  isPlainFetch,
  plainData,
  sendFetch,
  type PlannedFetch,
  type PrimedFetch,
  type ShortcutAnswer,
  type ShortPlan,
  type Variables,
} from './plannedFetch.js';
import { isRecord, resultShapeOf, shapeResult, UNSHAPED, type ResultShape } from './resultShape.js';

/** Where the entity fetch takes its objects, and what of each it sends as a representation. */
interface EntityStep extends PlannedFetch {
  /** The Flatten node's path: response keys, and `@` for each list. */
  path: string[];
  /** The one type the objects must be (the requires' type condition). */
  typename: string;
  /** The representation's keys, `__typename` among them, in the plan's order. */
  keys: string[];
}

/**
 * The plan `Sequence[Fetch, Flatten(path, Fetch(_entities))]`, run as
 * Apollo's executor runs it, when the client's selection is one the result
 * shaping here can cut (resultShape.ts): the first fetch; the objects at
 * the path, nulls left out; a representation of each, by the fetch's
 * `requires`; the entity fetch (each distinct representation sent once,
 * by the data source); each entity's fields joined to its object, and the
 * client's selection cut from the whole. Undefined for any other plan.
 */
export function entityJoinOf(
  node: PlanNode,
  operation: OperationDefinitionNode,
  schema: GraphQLSchema,
  plannedFetchOf: (fetch: FetchNode) => PlannedFetch | undefined,
): ShortPlan | undefined {
  if (node.kind !== 'Sequence' || node.nodes.length !== 2) return undefined;
  const [first, second] = node.nodes;
  if (first?.kind !== 'Fetch' || !isPlainFetch(first) || second?.kind !== 'Flatten') return undefined;
  const entityFetch = second.node;
  if (entityFetch.kind !== 'Fetch') return undefined;
  const path = second.path.every((key): key is string => typeof key === 'string' && !key.includes('|'))
    ? second.path
    : undefined;
  const representation = representationOf(entityFetch);
  const root = schema.getRootType(operation.operation);
  const shape = root && resultShapeOf(schema, root, operation.selectionSet);
  const rootFetch = plannedFetchOf(first);
  const entities = plannedFetchOf(entityFetch);
  if (!path || !representation || !shape || !rootFetch || !entities) return undefined;
  return new EntityJoin(rootFetch, { ...entities, path, ...representation }, shape);
}

/** A representation from `requires: [... on T { __typename key… }]`, keys alone: Apollo's executor's common case. */
function representationOf(fetch: FetchNode): Pick<EntityStep, 'typename' | 'keys'> | undefined {
  const { requires, hasDefers, inputRewrites, outputRewrites, contextRewrites } = fetch;
  if (hasDefers || inputRewrites?.length || outputRewrites?.length || contextRewrites?.length) return undefined;
  const only = requires?.length === 1 ? requires[0] : undefined;
  if (only?.kind !== 'InlineFragment' || !only.typeCondition) return undefined;
  const keys: string[] = [];
  for (const selection of only.selections) {
    if (selection.kind !== 'Field' || selection.selections) return undefined;
    keys.push(selection.alias ?? selection.name);
  }
  return keys.includes('__typename') ? { typename: only.typeCondition, keys } : undefined;
}

class EntityJoin implements ShortPlan {
  constructor(
    private readonly root: PlannedFetch,
    private readonly step: EntityStep,
    private readonly shape: ResultShape,
  ) {}

  async run(
    variables: Variables | undefined,
    coerced: Variables,
    scope: Partial<GatewayContext>,
  ): Promise<ShortcutAnswer> {
    const { root, step } = this;
    const rootResponse = sendFetch(root, variables, scope);
    const primed: PrimedFetch[] = [{ subgraph: root.fetch.serviceName, response: rootResponse }];
    const data = await plainData(rootResponse);
    const objects = data && objectsAt(data, step.path);
    const representations = objects && objects.map((object) => representation(object, step));
    if (!data || !representations || representations.includes(undefined)) return { primed };

    const joined = new Map<object, Variables>();
    // As Apollo's executor: with no object at the path, no entity fetch.
    if (representations.length > 0) {
      const entityResponse = sendFetch(step, variables, scope, { representations });
      primed.push({ subgraph: step.fetch.serviceName, response: entityResponse });
      const list = (await plainData(entityResponse))?._entities;
      if (!Array.isArray(list) || list.length !== objects.length) return { primed };
      // An entity answered null (or not an object) joins nothing: the shaping then finds its fields missing.
      for (let i = 0; i < objects.length; i++) {
        const entity: unknown = list[i];
        if (isRecord(entity)) joined.set(objects[i]!, entity);
      }
    }
    const shaped = shapeResult(this.shape, data, coerced, (object) => joined.get(object));
    return shaped === UNSHAPED ? { primed } : { data: shaped };
  }
}

/** The objects at a Flatten path, as Apollo's executor finds them (`flattenResultsAtPath`); undefined where it would throw. */
function objectsAt(data: Variables, path: string[]): Variables[] | undefined {
  let level: unknown[] = [data];
  for (const key of path) {
    const next: unknown[] = [];
    for (const value of level) {
      if (value === null || value === undefined) continue;
      if (key === '@') {
        if (!Array.isArray(value)) return undefined;
        next.push(...(value as unknown[]));
      } else {
        if (Array.isArray(value) || typeof value !== 'object') return undefined;
        next.push(Object.hasOwn(value, key) ? (value as Variables)[key] : undefined);
      }
    }
    level = next;
  }
  const objects = level.filter((value) => value !== null && value !== undefined);
  return objects.every(isRecord) ? objects : undefined;
}

/** The object's representation, keys in the plan's order; undefined for one Apollo's executor would leave out. */
function representation(object: Variables, { typename, keys }: EntityStep): Variables | undefined {
  if (object.__typename !== typename) return undefined;
  const value: Variables = {};
  for (const key of keys) {
    const field = object[key];
    if (field === undefined || (typeof field === 'object' && field !== null)) return undefined;
    value[key] = field;
  }
  return value;
}
