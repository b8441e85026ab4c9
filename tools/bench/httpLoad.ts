import autocannon from 'autocannon';
import type { Measurement } from './measurement.js';

export interface HttpLoad {
  url: string;
  /** The request body: one JSON string, or a function giving each request its own. */
  body: string | (() => string);
  connections: number;
  seconds: number;
  /** Further request headers, such as the subgraph secret for a subgraph called directly. */
  headers?: Record<string, string>;
}

/** Runs autocannon against a GraphQL endpoint and counts 2xx answers that carry GraphQL errors. */
export async function runHttpLoad({ url, body, connections, seconds, headers = {} }: HttpLoad): Promise<Measurement> {
  let graphqlErrors = 0;
  const fixed = typeof body === 'string' ? body : undefined;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: fixed,
    requests: [
      {
        ...(typeof body === 'function' ? { setupRequest: (request) => ({ ...request, body: body() }) } : {}),
        onResponse: (status, responseBody) => {
          if (status >= 200 && status < 300 && responseBody.includes('"errors"')) graphqlErrors += 1;
        },
      },
    ],
  });
  const total = result['1xx'] + result['2xx'] + result['3xx'] + result['4xx'] + result['5xx'];
  return {
    requests: total,
    seconds: result.duration,
    rps: total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors,
    non2xx: result.non2xx,
    graphqlErrors,
  };
}
