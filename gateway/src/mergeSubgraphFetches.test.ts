import { describe, expect, it } from 'vitest';
import { mergeSubgraphFetches } from './mergeSubgraphFetches.js';
import type { SendToSubgraph, SubgraphAnswer, SubgraphCall } from './subgraphCall.js';

const body = (query: string, variables: Record<string, unknown> = {}) => JSON.stringify({ query, variables });

/** A subgraph stand-in that answers only when told to, counting the requests it got. */
function heldSubgraph() {
  const calls: string[] = [];
  const pending: (() => void)[] = [];
  const send: SendToSubgraph = (call) => {
    calls.push(call.body);
    const answer: SubgraphAnswer = {
      url: 'http://chillybin/graphql',
      status: 200,
      contentType: 'application/json',
      body: `{"data":{"n":${calls.length}}}`,
    };
    return new Promise((resolve) => pending.push(() => resolve(answer)));
  };
  return { calls, send, answerAll: () => pending.splice(0).forEach((answer) => answer()) };
}

const read = (requestBody: string, headers: Record<string, string> = {}): SubgraphCall => ({
  body: requestBody,
  headers,
  readsOnly: true,
});

describe('mergeSubgraphFetches', () => {
  const stock = body('{stock{name}}');
  const make: SubgraphCall = {
    body: body('mutation{makeToastie(input:{fillings:["cheese"]}){id}}'),
    headers: {},
    readsOnly: false,
  };

  it.each([
    { name: 'identical reads share one request', second: read(stock), requests: 1 },
    {
      name: 'reads with other request ids share one request',
      second: read(stock, { 'x-request-id': 'b' }),
      requests: 1,
    },
    { name: 'other variables go on their own', second: read(body('{stock{name}}', { a: 1 })), requests: 2 },
    { name: 'other headers go on their own', second: read(stock, { authorization: 'Bearer b' }), requests: 2 },
    { name: 'writes are never merged', first: make, second: make, requests: 2 },
  ])('$name', async ({ first = read(stock, { 'x-request-id': 'a' }), second, requests }) => {
    const subgraph = heldSubgraph();
    const send = mergeSubgraphFetches(subgraph.send);
    const answers = Promise.all([send(first), send(second)]);
    await Promise.resolve();
    subgraph.answerAll();
    const responses = await answers;
    expect(subgraph.calls).toHaveLength(requests);
    for (const response of responses) expect(JSON.parse(response.body)).toHaveProperty('data');
  });

  it('asks again once the first answer is in: nothing older than a request under way is served', async () => {
    const subgraph = heldSubgraph();
    const send = mergeSubgraphFetches(subgraph.send);
    const first = send(read(stock));
    await Promise.resolve();
    subgraph.answerAll();
    expect(JSON.parse((await first).body)).toEqual({ data: { n: 1 } });
    const second = send(read(stock));
    await Promise.resolve();
    subgraph.answerAll();
    expect(JSON.parse((await second).body)).toEqual({ data: { n: 2 } });
  });

  it('passes a failure to every caller waiting on it, then forgets it', async () => {
    let calls = 0;
    const send = mergeSubgraphFetches(async () => {
      calls += 1;
      throw new Error('connection refused');
    });
    const results = await Promise.allSettled([send(read(stock)), send(read(stock))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    await expect(send(read(stock))).rejects.toThrow('connection refused');
    expect(calls).toBe(2);
  });
});
