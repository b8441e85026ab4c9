import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { batchSubgraphReads, type BatchOptions } from './batchSubgraphReads.js';
import type { SendToSubgraph, SubgraphAnswer, SubgraphCall } from './subgraphCall.js';

type Operation = { query: string; variables?: Record<string, unknown> };

/**
 * A subgraph stand-in that answers as Apollo Server does: an operation with
 * its variables echoed, and a batch (a JSON array) with an array of those, in
 * order; or, told to, as an instance that refuses batches, breaks, or gives
 * the whole batch the 400 of one read in it.
 */
function subgraph(
  batches:
    'answered' | 'refused' | 'not-an-array' | 'short' | 'failing-500' | 'one-read-400' | 'unreachable' = 'answered',
) {
  const requests: SubgraphCall[] = [];
  const answer = (body: string, status = 200): SubgraphAnswer => ({
    url: 'http://chillybin/graphql',
    status,
    contentType: 'application/json',
    body,
  });
  const echo = ({ variables }: Operation) => JSON.stringify({ data: { echo: variables ?? null } });
  const send: SendToSubgraph = async (call) => {
    requests.push(call);
    const operation = JSON.parse(call.body) as Operation | Operation[];
    if (!Array.isArray(operation)) return answer(echo(operation));
    if (batches === 'unreachable') throw new Error('connection refused');
    if (batches === 'refused') return answer('{"errors":[{"message":"Operation batching disabled."}]}', 400);
    if (batches === 'not-an-array') return answer(echo(operation[0]!));
    if (batches === 'failing-500') return answer(`[${operation.map(echo).join(',')}]`, 500);
    // Apollo Server's one status for a batch: a read answered with a 400 makes the whole array a 400.
    if (batches === 'one-read-400') return answer(`[${operation.map(echo).join(',')}]`, 400);
    const answered = batches === 'short' ? operation.slice(1) : operation;
    return answer(`[${answered.map(echo).join(',')}]`);
  };
  return { requests, send };
}

const read = (n: number, headers: Record<string, string> = {}): SubgraphCall => ({
  body: JSON.stringify({ query: 'query($n:Int){stock(n:$n){name}}', variables: { n } }),
  headers,
  readsOnly: true,
});
const write = (n: number): SubgraphCall => ({
  body: JSON.stringify({ query: 'mutation($n:Int){pick(n:$n){id}}', variables: { n } }),
  headers: {},
  readsOnly: false,
});
/** What a call gets when it goes on its own. */
const alone = (call: SubgraphCall) => ({ data: { echo: (JSON.parse(call.body) as Operation).variables } });
const untraced: BatchOptions['traceOf'] = () => undefined;
const maxBytes = 100_000;

describe('batchSubgraphReads', () => {
  it.each([
    { name: 'one read goes as it is, not as a batch', calls: [read(1)], requests: [1] },
    { name: 'reads of one turn go as one batch, in order', calls: [read(1), read(2), read(3)], requests: [3] },
    {
      name: 'reads with other request ids share a batch',
      calls: [read(1, { 'x-request-id': 'a' }), read(2, { 'x-request-id': 'b' })],
      requests: [2],
    },
    {
      name: "another caller's authorization goes in its own batch",
      calls: [
        read(1, { authorization: 'Bearer a' }),
        read(2, { authorization: 'Bearer b' }),
        read(3, { authorization: 'Bearer a' }),
      ],
      requests: [2, 1],
    },
    { name: 'writes go alone, at once', calls: [write(1), read(2), write(3), read(4)], requests: [1, 1, 2] },
    {
      name: 'a full batch goes at once, the rest in the next',
      calls: [1, 2, 3, 4, 5].map((n) => read(n)),
      maxBatch: 2,
      requests: [2, 2, 1],
    },
    { name: 'SUBGRAPH_BATCH_MAX=1 sends each read alone', calls: [read(1), read(2)], maxBatch: 1, requests: [1, 1] },
    {
      name: 'a read that would make the body longer than maxBytes starts another batch',
      calls: [1, 2, 3].map((n) => read(n)),
      // Two reads and the brackets and comma fit; a third does not.
      maxBytes: 2 * read(1).body.length + 3,
      requests: [2, 1],
    },
    {
      name: 'reads of different sampled traces go apart',
      calls: [read(1), read(2), read(3)],
      traces: ['trace-a', 'trace-b', 'trace-a'],
      requests: [2, 1],
    },
  ])('$name', async ({ calls, requests, maxBatch = 16, maxBytes = 100_000, traces }) => {
    const { requests: sent, send } = subgraph();
    let next = 0;
    const traceOf = traces ? () => traces[next] : untraced;
    const batched = batchSubgraphReads(send, { maxBatch, maxBytes, traceOf });
    const answers = calls.map((call, k) => {
      next = k;
      return batched(call);
    });
    const bodies = (await Promise.all(answers)).map((answer) => JSON.parse(answer.body) as unknown);

    expect(bodies).toEqual(calls.map(alone));
    expect(
      sent.map((request) => (request.body.startsWith('[') ? (JSON.parse(request.body) as unknown[]).length : 1)),
    ).toEqual(requests);
    for (const request of sent.filter(({ body }) => body.startsWith('['))) {
      const members = calls.filter((call) => request.body.includes(call.body));
      expect(request.headers).toEqual(members[0]!.headers);
      expect(request.readsOnly).toBe(true);
    }
  });

  it('sends a read of a later turn in a batch of its own: nothing waits for traffic to come', async () => {
    const { requests, send } = subgraph();
    const batched = batchSubgraphReads(send, { maxBatch: 16, maxBytes, traceOf: untraced });
    const first = batched(read(1));
    await nextTurn();
    const second = batched(read(2));
    await Promise.all([first, second]);
    expect(requests.map((r) => r.body)).toEqual([read(1).body, read(2).body]);
  });

  it.each([
    { batches: 'not-an-array', rests: false },
    { batches: 'short', rests: false },
    { batches: 'failing-500', rests: false },
    { batches: 'one-read-400', rests: false },
    { batches: 'refused', rests: true },
  ] as const)(
    'sends each read again alone when a batch is answered $batches (resting from batches: $rests)',
    async ({ batches, rests }) => {
      const { requests, send } = subgraph(batches);
      const sizes: number[] = [];
      const refusals: number[] = [];
      const batched = batchSubgraphReads(send, {
        maxBatch: 16,
        maxBytes,
        traceOf: untraced,
        onBatch: (size) => sizes.push(size),
        onRefused: (status) => refusals.push(status),
      });
      const calls = [read(1), read(2), read(3)];
      const answers = await Promise.all(calls.map(batched));
      expect(answers.map((a) => JSON.parse(a.body) as unknown)).toEqual(calls.map(alone));
      expect(requests).toHaveLength(4);
      expect(sizes).toEqual([3, 1, 1, 1]);
      expect(refusals).toEqual(rests ? [400] : []);

      const later = await Promise.all([read(4), read(5)].map(batched));
      expect(later.map((a) => JSON.parse(a.body) as unknown)).toEqual([read(4), read(5)].map(alone));
      // Resting, the two go alone; otherwise as a batch again, which fails again, then alone.
      expect(requests).toHaveLength(rests ? 6 : 7);
    },
  );

  it('fails every read of a batch that could not be sent, as each would have failed alone', async () => {
    const { send } = subgraph('unreachable');
    const batched = batchSubgraphReads(send, { maxBatch: 16, maxBytes, traceOf: untraced });
    const results = await Promise.allSettled([read(1), read(2)].map(batched));
    expect(results.map((r) => r.status === 'rejected' && (r.reason as Error).message)).toEqual([
      'connection refused',
      'connection refused',
    ]);
  });
});
