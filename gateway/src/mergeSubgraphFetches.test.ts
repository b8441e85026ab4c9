import { describe, expect, it } from 'vitest';
import { mergeSubgraphFetches, type Fetcher } from './mergeSubgraphFetches.js';
import { SubgraphResponse, type FetcherRequestInit } from './subgraphResponse.js';

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** A subgraph stand-in that answers only when told to, counting the requests it got. */
function heldSubgraph() {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  const fetcher: Fetcher = (url, init) => {
    calls.push(init?.body as string);
    return new Promise((resolve) =>
      pending.push(() =>
        resolve(
          new SubgraphResponse(url, 200, { 'content-type': 'application/json' }, `{"data":{"n":${calls.length}}}`),
        ),
      ),
    );
  };
  return { calls, fetcher, answerAll: () => pending.splice(0).forEach((answer) => answer()) };
}

const init = (requestBody: string, headers: Record<string, string> = {}): FetcherRequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: requestBody,
});

describe('mergeSubgraphFetches', () => {
  const stock = body('{stock{name}}');
  const make = body('mutation{makeToastie(input:{ingredients:["cheese"]}){id}}');

  it.each([
    { name: 'identical queries share one request', second: init(stock), requests: 1 },
    { name: 'other variables go on their own', second: init(body('{stock{name}}', { a: 1 })), requests: 2 },
    { name: 'other headers go on their own', second: init(stock, { authorization: 'Bearer b' }), requests: 2 },
    { name: 'mutations are never merged', first: init(make), second: init(make), requests: 2 },
  ])('$name', async ({ first = init(stock), second, requests }) => {
    const subgraph = heldSubgraph();
    const fetch = mergeSubgraphFetches(subgraph.fetcher);
    const answers = Promise.all([fetch('http://chillybin/graphql', first), fetch('http://chillybin/graphql', second)]);
    await Promise.resolve();
    subgraph.answerAll();
    const responses = await answers;
    expect(subgraph.calls).toHaveLength(requests);
    for (const response of responses) {
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toHaveProperty('data');
    }
  });

  it('gives each merged caller a response of its own: headers changed on one stay on it', async () => {
    const subgraph = heldSubgraph();
    const fetch = mergeSubgraphFetches(subgraph.fetcher);
    const answers = Promise.all([
      fetch('http://chillybin/graphql', init(stock)),
      fetch('http://chillybin/graphql', init(stock)),
    ]);
    await Promise.resolve();
    subgraph.answerAll();
    const [first, second] = await answers;
    first.headers.set('x-changed', 'yes');
    expect(second.headers.get('x-changed')).toBeNull();
    expect(second.url).toBe('http://chillybin/graphql');
    const [a, b] = [(await first.json()) as unknown, (await second.json()) as unknown];
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
  });

  it('asks again once the first answer is in: nothing older than a request under way is served', async () => {
    const subgraph = heldSubgraph();
    const fetch = mergeSubgraphFetches(subgraph.fetcher);
    const first = fetch('http://chillybin/graphql', init(stock));
    await Promise.resolve();
    subgraph.answerAll();
    expect(await (await first).json()).toEqual({ data: { n: 1 } });
    const second = fetch('http://chillybin/graphql', init(stock));
    await Promise.resolve();
    subgraph.answerAll();
    expect(await (await second).json()).toEqual({ data: { n: 2 } });
  });

  it('passes a failure to every caller waiting on it, then forgets it', async () => {
    let calls = 0;
    const fetch = mergeSubgraphFetches(async () => {
      calls += 1;
      throw new Error('connection refused');
    });
    const results = await Promise.allSettled([fetch('http://x', init(stock)), fetch('http://x', init(stock))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(fetch('http://x', init(stock))).rejects.toThrow('connection refused');
    expect(calls).toBe(2);
  });
});
