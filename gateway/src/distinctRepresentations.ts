import type { GraphQLFormattedError } from 'graphql';
import type { SubgraphResponse } from './SubgraphDataSource.js';

/** An entity fetch with each representation once, and how to give its answer back in the plan's order. */
export interface DistinctRepresentations {
  variables: Record<string, unknown>;
  /** The subgraph's answer to the distinct representations, as if it had been asked for every one. */
  expand(response: SubgraphResponse): SubgraphResponse;
}

/**
 * Apollo's executor asks for an entity once per place it appears in the
 * result: twenty toasties with bread, cheese and bread again send sixty
 * `{ __typename: "Ingredient", name }` representations for three ingredients,
 * and the subgraph resolves, serialises and sends back each of them. Sent
 * once each instead, the answer is spread back over the plan's positions:
 * the same entity object at every position of the same representation (equal
 * representations of one request resolve to equal entities), and an error at
 * `_entities.i` once for every position of the i-th, as the subgraph would
 * have answered for each of them. Undefined when no representation repeats.
 */
export function distinctRepresentations(
  variables: Record<string, unknown> | undefined,
): DistinctRepresentations | undefined {
  const representations = variables?.representations;
  if (!Array.isArray(representations) || representations.length < 2) return undefined;
  const indexByKey = new Map<string, number>();
  const distinct: unknown[] = [];
  /** For each position in the plan's list, its representation's index in `distinct`. */
  const indexAt = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const key = keyOf(representations[i]);
    let index = indexByKey.get(key);
    if (index === undefined) {
      index = distinct.length;
      indexByKey.set(key, index);
      distinct.push(representations[i]);
    }
    indexAt[i] = index;
  }
  if (distinct.length === representations.length) return undefined;
  return {
    variables: { ...variables, representations: distinct },
    expand: (response) => expand(response, indexAt, distinct.length),
  };
}

/**
 * Equal for equal representations, different for different ones. A flat
 * one (`{ __typename, name }`, the usual kind) is keyed by its fields and
 * values, each value tagged with its type and each string with its length,
 * so no two read alike: half the cost of JSON.stringify. Any other (a nested
 * key, a null) by its JSON, after a `{` that no flat key starts with.
 */
function keyOf(representation: unknown): string {
  if (typeof representation !== 'object' || representation === null) return `{${JSON.stringify(representation)}`;
  let key = '';
  for (const field in representation) {
    const value: unknown = (representation as Record<string, unknown>)[field];
    if (typeof value === 'string') key += `${field}\0s${value.length}:${value}`;
    else if (typeof value === 'number' || typeof value === 'boolean') key += `${field}\0${typeof value}${value}\0`;
    else return `{${JSON.stringify(representation)}`;
  }
  return key;
}

function expand(response: SubgraphResponse, indexAt: number[], distinctCount: number): SubgraphResponse {
  const entities = (response.data as { _entities?: unknown } | null | undefined)?._entities;
  // Anything else is the subgraph's fault, for the executor to report as it always has.
  const data =
    Array.isArray(entities) && entities.length === distinctCount
      ? { ...response.data, _entities: indexAt.map((index) => entities[index] as unknown) }
      : response.data;
  const errors = response.errors && spreadErrors(response.errors, indexAt);
  return { ...response, data, ...(errors ? { errors } : {}) };
}

function spreadErrors(errors: readonly GraphQLFormattedError[], indexAt: number[]): GraphQLFormattedError[] {
  return errors.flatMap((error) => {
    const [field, index, ...rest] = error.path ?? [];
    if (field !== '_entities' || typeof index !== 'number') return [error];
    const spread: GraphQLFormattedError[] = [];
    indexAt.forEach((at, position) => {
      if (at === index) spread.push({ ...error, path: ['_entities', position, ...rest] });
    });
    // An index the fetch never sent: the subgraph's own mistake, passed on as it came rather than lost.
    return spread.length ? spread : [error];
  });
}
