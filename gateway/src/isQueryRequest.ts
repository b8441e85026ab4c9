import { Kind, OperationTypeNode, parse } from 'graphql';
import { LRUCache } from 'lru-cache';

/**
 * Whether a subgraph request only reads: its document, as the GraphQL parser
 * reads it, holds queries and nothing else. Anything that is not such a
 * request (a mutation, a subscription, a document that does not parse, a body
 * that is not JSON) counts as a write, which is never merged with another
 * nor sent twice.
 *
 * The gateway's data source serialises `{"query": ..., "variables": ...}`
 * with the query first and does not pass on the operation's type, so the
 * document is read from there without parsing the variables (any other shape
 * is parsed whole). A gateway sends the same few documents again and again:
 * each one's answer is cached by its text.
 */
export function isQueryRequest(body: unknown): body is string {
  if (typeof body !== 'string') return false;
  const document = documentOf(body);
  if (document === undefined) return false;
  let queriesOnly = answers.get(document);
  if (queriesOnly === undefined) {
    queriesOnly = holdsOnlyQueries(document);
    answers.set(document, queriesOnly);
  }
  return queriesOnly;
}

/** Bounded in entries and in the length of the documents kept as keys. */
const answers = new LRUCache<string, boolean>({
  max: 1000,
  maxSize: 4 * 2 ** 20,
  sizeCalculation: (_answer, document) => Math.max(1, document.length),
});

const QUERY_FIRST = '{"query":"';

function documentOf(body: string): string | undefined {
  try {
    if (body.startsWith(QUERY_FIRST)) {
      const end = closingQuote(body, QUERY_FIRST.length);
      if (end !== -1) return JSON.parse(body.slice(QUERY_FIRST.length - 1, end + 1)) as string;
    }
    const request: unknown = JSON.parse(body);
    const query = typeof request === 'object' && request !== null ? (request as { query?: unknown }).query : undefined;
    return typeof query === 'string' ? query : undefined;
  } catch {
    return undefined;
  }
}

/** The index of the quote that ends the JSON string starting at `from`, or -1. */
function closingQuote(json: string, from: number): number {
  for (let at = json.indexOf('"', from); at !== -1; at = json.indexOf('"', at + 1)) {
    let backslashes = 0;
    while (json[at - 1 - backslashes] === '\\') backslashes += 1;
    if (backslashes % 2 === 0) return at;
  }
  return -1;
}

function holdsOnlyQueries(document: string): boolean {
  try {
    const operations = parse(document, { noLocation: true }).definitions.filter(
      (definition) => definition.kind === Kind.OPERATION_DEFINITION,
    );
    return operations.length > 0 && operations.every((operation) => operation.operation === OperationTypeNode.QUERY);
  } catch {
    return false;
  }
}
