import type { DocumentNode } from 'graphql';
import { Kind, OperationTypeNode, parse } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { CallerGone } from '../../platform/requestScope.js';
import type { Answer } from '../../platform/upstream.js';

/** One request from the gateway to a subgraph, as its data source builds it. */
export interface SubgraphCall {
  /** The JSON body: `{"query", "variables", "operationName"}`. */
  readonly body: string;
  /** Headers of this request only (its id, the client's authorization); the client adds its fixed ones. */
  readonly headers: Readonly<Record<string, string>>;
  /**
   * The document holds queries and nothing else: the call may share one HTTP
   * request with an identical one in flight, and be sent again after a lost
   * connection, since reading twice is harmless. Writes never are.
   */
  readonly readsOnly: boolean;
  /**
   * A write's client went away before its answer: the request to the
   * subgraph is given up too, so work queued there for nobody is not started.
   * Reads carry none, since one may be shared by other clients.
   */
  readonly callerGone?: CallerGone;
}

/** A subgraph's answer, read whole: plain strings, shared as they are by every call merged into one request. */
export type SubgraphAnswer = Readonly<Answer>;

export type SendToSubgraph = (call: SubgraphCall) => Promise<SubgraphAnswer>;

/**
 * Whether a subgraph document only reads: it holds queries and nothing else.
 * The query plan hands its fetch's parsed document over; when it does not,
 * the text is parsed once and the answer kept by text (a gateway sends the
 * same few documents again and again). Anything else (a mutation, a
 * subscription, a document that does not parse) counts as a write.
 */
export function readsOnly(query: string, document?: DocumentNode): boolean {
  if (document) return holdsOnlyQueries(document);
  let answer = answers.get(query);
  if (answer === undefined) {
    answer = parsesToQueriesOnly(query);
    answers.set(query, answer);
  }
  return answer;
}

/** Bounded in entries and in the length of the documents kept as keys. */
const answers = new LRUCache<string, boolean>({
  max: 1000,
  maxSize: 4 * 2 ** 20,
  sizeCalculation: (_answer, document) => Math.max(1, document.length),
});

function holdsOnlyQueries(document: DocumentNode): boolean {
  const operations = document.definitions.filter((definition) => definition.kind === Kind.OPERATION_DEFINITION);
  return operations.length > 0 && operations.every((operation) => operation.operation === OperationTypeNode.QUERY);
}

function parsesToQueriesOnly(query: string): boolean {
  try {
    return holdsOnlyQueries(parse(query, { noLocation: true }));
  } catch {
    return false;
  }
}
