import { isQueryRequest } from './isQueryRequest.js';
import {
  SubgraphResponse,
  type Fetcher,
  type FetcherRequestInit,
  type ResponseHeaderFields,
} from './subgraphResponse.js';

export type { Fetcher };

/** A subgraph's answer, read whole, which every caller merged into its request gets a response of. */
interface Answer {
  url: string;
  status: number;
  headers: ResponseHeaderFields;
  body: string;
}

/**
 * Headers that differ per client request without changing the answer. A merged
 * request carries the first caller's request id, so the subgraph logs it once
 * under that id; every caller's own id stays in the gateway's logs.
 */
const perRequestHeaders = new Set(['x-request-id']);

function keyOf(url: string, init: FetcherRequestInit): string | undefined {
  if (!isQueryRequest(init.body)) return undefined;
  const headers = Object.entries(init.headers ?? {})
    .filter(([name]) => !perRequestHeaders.has(name.toLowerCase()))
    .map(([name, value]) => `${name.toLowerCase()}:${value}`)
    .sort()
    .join('\n');
  return `${url}\n${headers}\n${init.body}`;
}

/**
 * Identical subgraph queries that are in flight at the same moment share one
 * HTTP request: a burst of the same page load costs the subgraph one
 * execution, not one per client. Only queries with the same URL, headers and
 * body (variables included) are merged, and only while the first is running,
 * so nothing is served that is older than a request already under way.
 * Mutations always go through on their own. Each caller gets its own
 * response, a light one over the shared body text (building a WHATWG Response
 * per caller, streams and all, cost more than the merge saved on a big answer).
 */
export function mergeSubgraphFetches(fetcher: Fetcher): Fetcher {
  const inflight = new Map<string, Promise<Answer>>();
  return async (url, init = {}) => {
    const key = keyOf(url, init);
    if (key === undefined) return fetcher(url, init);
    let answer = inflight.get(key);
    if (!answer) {
      answer = (async () => {
        const response = await fetcher(url, init);
        const headers: ResponseHeaderFields = {};
        for (const [name, value] of response.headers) headers[name.toLowerCase()] = value;
        return { url: response.url, status: response.status, headers, body: await response.text() };
      })();
      inflight.set(key, answer);
      const forget = () => inflight.delete(key);
      answer.then(forget, forget);
    }
    const { url: answeredBy, status, headers, body } = await answer;
    // Its own copy of the headers: the data source may change a response's headers.
    return new SubgraphResponse(answeredBy, status, { ...headers }, body);
  };
}
