import autocannon from 'autocannon';
import { InFlightBodies } from './inFlight.js';
import type { Measurement } from './measurement.js';

export interface HttpLoad {
  url: string;
  /** The request body: one JSON string (an identical burst), or a function giving each request its own. */
  body: string | (() => string);
  connections: number;
  seconds: number;
  /** Further request headers, such as the subgraph secret for a subgraph called directly. */
  headers?: Record<string, string>;
}

/** What autocannon hands both hooks of one request: the body it sent, so its answer can close it. */
interface RequestContext {
  sent?: string;
}

/**
 * Runs autocannon against a GraphQL endpoint, counts 2xx answers that carry
 * GraphQL errors, and counts the requests sent while an identical one was in
 * flight (see InFlightBodies). A request that fails without an answer stays
 * counted as in flight; such failures are reported as errors beside.
 */
export async function runHttpLoad({ url, body, connections, seconds, headers = {} }: HttpLoad): Promise<Measurement> {
  let graphqlErrors = 0;
  const errorCodes: Record<string, number> = {};
  const inFlight = new InFlightBodies();
  const next = typeof body === 'string' ? () => body : body;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    requests: [
      {
        setupRequest: (request, context: RequestContext) => {
          const sent = next();
          context.sent = sent;
          inFlight.start(sent);
          return { ...request, body: sent };
        },
        onResponse: (status, responseBody, context: RequestContext) => {
          if (context.sent !== undefined) inFlight.finish(context.sent);
          if (status >= 200 && status < 300 && responseBody.includes('"errors"')) {
            graphqlErrors += 1;
            for (const code of errorCodesOf(responseBody)) errorCodes[code] = (errorCodes[code] ?? 0) + 1;
          }
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
    errorCodes,
    sent: inFlight.requests,
    duplicates: inFlight.duplicates,
  };
}

/**
 * The `extensions.code` of each GraphQL error in an answer, with its `reason`
 * when it gives one (`OVERLOADED (queue full)`), or `(no code)`; `(not JSON)`
 * for a body that is not.
 */
export function errorCodesOf(body: string): string[] {
  try {
    const { errors } = JSON.parse(body) as { errors?: { extensions?: { code?: unknown; reason?: unknown } }[] };
    return (errors ?? []).map(({ extensions }) => {
      const code = typeof extensions?.code === 'string' ? extensions.code : '(no code)';
      return typeof extensions?.reason === 'string' ? `${code} (${extensions.reason})` : code;
    });
  } catch {
    return ['(not JSON)'];
  }
}
