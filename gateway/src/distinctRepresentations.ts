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
  const seen = new SeenRepresentations();
  const distinct: unknown[] = [];
  /** For each position in the plan's list, its representation's index in `distinct`. */
  const indexAt = new Array<number>(representations.length);
  for (let i = 0; i < representations.length; i++) {
    const index = seen.indexOf(representations[i], distinct.length);
    if (index === distinct.length) distinct.push(representations[i]);
    indexAt[i] = index;
  }
  if (distinct.length === representations.length) return undefined;
  return {
    variables: { ...variables, representations: distinct },
    expand: (response) => expand(response, indexAt, distinct.length),
  };
}

/** A level of the tree of flat representations: a field's name, then its value, leads to the next field. */
type Level = Map<unknown, Level | number>;

/**
 * Where each distinct representation of one fetch was first seen. A flat one
 * (`{ __typename, name }`, the usual kind: every value a string, number or
 * boolean) is found in a tree of maps, by its number of fields, then each
 * field's name and each value in turn, so that nothing is built per
 * representation but the branches of the first of its kind: a map tells
 * `1` from `"1"` and `true` from `"true"` as JSON does. Any other (an empty
 * or nested key, a null, an array) is found by its JSON.
 */
class SeenRepresentations {
  private readonly flat: Level = new Map();
  private readonly other = new Map<string, number>();

  /** The index it was first seen at; `next` (and remembered as such) when it is new. */
  indexOf(representation: unknown, next: number): number {
    const count = flatFieldCount(representation);
    return count === undefined
      ? this.otherIndexOf(representation, next)
      : this.flatIndexOf(representation as Record<string, unknown>, count, next);
  }

  private flatIndexOf(representation: Record<string, unknown>, count: number, next: number): number {
    let level = branch(this.flat, count);
    let remaining = count;
    for (const field in representation) {
      const values = branch(level, field);
      const value = representation[field];
      if (--remaining > 0) {
        level = branch(values, value);
        continue;
      }
      const index = values.get(value);
      if (typeof index === 'number') return index;
      values.set(value, next);
      return next;
    }
    // Unreachable for data: its fields were just counted.
    return this.otherIndexOf(representation, next);
  }

  private otherIndexOf(representation: unknown, next: number): number {
    const key = JSON.stringify(representation);
    const index = this.other.get(key);
    if (index !== undefined) return index;
    this.other.set(key, next);
    return next;
  }
}

/** The number of fields of a flat representation; undefined for any other. */
function flatFieldCount(representation: unknown): number | undefined {
  if (typeof representation !== 'object' || representation === null || Array.isArray(representation)) return undefined;
  let count = 0;
  for (const field in representation) {
    const value: unknown = (representation as Record<string, unknown>)[field];
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return undefined;
    count++;
  }
  return count > 0 ? count : undefined;
}

/** The level under `key`, made when there is none yet. */
function branch(level: Level, key: unknown): Level {
  const found = level.get(key);
  if (found instanceof Map) return found;
  const made: Level = new Map();
  level.set(key, made);
  return made;
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
