import type { SendToSubgraph, SubgraphAnswer, SubgraphCall } from './subgraphCall.js';

/**
 * Headers that differ per client request without changing the answer. A merged
 * request carries the first caller's request id, so the subgraph logs it once
 * under that id; every caller's own id stays in the gateway's logs.
 */
const perRequestHeaders = new Set(['x-request-id']);

/** The headers that decide an answer, as one string: calls with equal keys may share an HTTP request. */
export function sharedHeadersKey(headers: Readonly<Record<string, string>>): string {
  let key = '';
  for (const name of Object.keys(headers).sort()) {
    if (!perRequestHeaders.has(name)) key += `${name}:${headers[name]}\n`;
  }
  return key;
}

function keyOf({ body, headers }: SubgraphCall): string {
  return `${sharedHeadersKey(headers)}\n${body}`;
}

/**
 * Identical subgraph reads that are in flight at the same moment share one
 * HTTP request: a burst of the same page load costs the subgraph one
 * execution, not one per client. Only reads with the same headers and body
 * (variables included) are merged, and only while the first is running, so
 * nothing is served that is older than a request already under way. Writes
 * always go through on their own. Every caller gets the same answer: plain
 * strings, which nobody changes.
 */
export function mergeSubgraphFetches(send: SendToSubgraph): SendToSubgraph {
  const inflight = new Map<string, Promise<SubgraphAnswer>>();
  return (call) => {
    if (!call.readsOnly) return send(call);
    const key = keyOf(call);
    let answer = inflight.get(key);
    if (!answer) {
      answer = send(call);
      inflight.set(key, answer);
      const forget = () => inflight.delete(key);
      answer.then(forget, forget);
    }
    return answer;
  };
}
