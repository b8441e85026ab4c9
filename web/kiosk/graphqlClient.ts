import type { TypedDocumentString } from '../generated/graphql.js';
import type { GraphQLErrorLike } from './friendlyError.js';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorLike[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Names the kiosk to the gateway, which counts deprecated usage and unknown operations per client. */
const clientHeaders = {
  'apollographql-client-name': 'kiosk',
  'apollographql-client-version': __APP_VERSION__,
};

/**
 * The request body for a persisted operation: its hash only, in the shape of Apollo's persisted queries (what
 * Apollo Client sends). The gateway knows the document from the kiosk's manifest, built from the same operations.
 */
function persistedBody(document: { __meta__?: Record<string, unknown> | undefined }, variables: unknown): string {
  const sha256Hash = document.__meta__?.hash;
  if (typeof sha256Hash !== 'string') throw new Error('an operation without its hash: run npm run codegen');
  return JSON.stringify({ variables, extensions: { persistedQuery: { version: 1, sha256Hash } } });
}

/** Sends one operation to the gateway; resolves to its data or rejects with its errors. */
export async function request<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  ...[variables]: TVariables extends Record<string, never> ? [] : [TVariables]
): Promise<TResult> {
  let body: { data?: TResult | null; errors?: GraphQLErrorLike[] };
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clientHeaders },
      body: persistedBody(document, variables),
    });
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([{ message: 'The stall could not be reached', extensions: { code: 'NETWORK' } }]);
  }
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? []);
  return body.data;
}
