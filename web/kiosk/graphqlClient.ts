import type { GraphQLErrorLike } from './friendlyError.js';

export class GraphQLRequestError extends Error {
  constructor(readonly errors: GraphQLErrorLike[]) {
    super(errors.map((e) => e.message).join('; '));
  }
}

/** Names the kiosk to the gateway, which counts deprecated usage per client. */
const clientHeaders = {
  'apollographql-client-name': 'kiosk',
  'apollographql-client-version': __APP_VERSION__,
};

/** Sends one operation to the gateway; resolves to its data or rejects with its errors. */
export async function request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
  let body: { data?: T | null; errors?: GraphQLErrorLike[] };
  try {
    const response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...clientHeaders },
      body: JSON.stringify({ query, variables }),
    });
    body = (await response.json()) as typeof body;
  } catch {
    throw new GraphQLRequestError([{ message: 'The stall could not be reached', extensions: { code: 'NETWORK' } }]);
  }
  if (body.errors?.length || !body.data) throw new GraphQLRequestError(body.errors ?? []);
  return body.data;
}
