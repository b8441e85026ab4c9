import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageReport } from '../gateway/src/usage/UsageCounts.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { pipelinedPosts } from './support/pipelinedPosts.js';
import { scrape, total } from './support/prometheus.js';
import { startSystem, type System } from './support/system.js';

// A burst of the same query through the real gateway: it runs once per
// moment, and yet every request is answered, measured and tracked as its own.
// A burst of different queries: their reads to each subgraph go as batches,
// and yet every request gets the answer it gets alone.

let system: System;
beforeAll(async () => {
  system = await startSystem();
  await system.admin.data('mutation { restock { name } }');
  for (let i = 0; i < 3; i += 1)
    await system.gateway.data('mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }');
});
afterAll(() => system.stop());

const BURST = 20;
// `limit` is deprecated (use `last`), so each request's use of it is counted.
const TOASTIES = 'query Board { toasties(limit: 3) { id ingredients { name quantity } } }';

describe('a burst of identical queries', () => {
  it('is answered in full for every request, and tracked per request, while the subgraphs run it far fewer times', async () => {
    const till = new GraphQLClient(`${system.urls.gateway}/graphql`, {
      'apollographql-client-name': 'till',
      'apollographql-client-version': '7',
    });
    const before = await Promise.all([scrape(system.urls.gateway), scrape(system.urls.jafflr)]);

    const answers = await Promise.all(Array.from({ length: BURST }, () => till.request(TOASTIES)));

    for (const answer of answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual(answers[0]!.data);
    }
    expect((answers[0]!.data as { toasties: unknown[] }).toasties).toHaveLength(3);

    const [gateway, jafflr] = await Promise.all([scrape(system.urls.gateway), scrape(system.urls.jafflr)]);
    const ran = (samples: typeof gateway, labels: Record<string, string>) =>
      total(samples, 'graphql_operation_duration_seconds_count', labels);
    expect(ran(gateway, { operation: 'Board' }) - ran(before[0], { operation: 'Board' })).toBe(BURST);
    const jafflrRuns = ran(jafflr, {}) - ran(before[1], {});
    expect(jafflrRuns).toBeGreaterThanOrEqual(1);
    expect(jafflrRuns).toBeLessThan(BURST);

    const usage = (await (await fetch(new URL('/usage', system.urls.gateway))).json()) as UsageReport;
    expect(usage.entries).toContainEqual({
      clientName: 'till',
      clientVersion: '7',
      coordinate: 'Query.toasties(limit:)',
      kind: 'ARGUMENT',
      count: BURST,
    });
  });

  it('sees a toastie made after the burst: a merged answer is never older than a request under way', async () => {
    const count = async () =>
      (await system.gateway.data<{ toasties: unknown[] }>('{ toasties(last: 100) { id } }')).toasties.length;
    const before = await count();
    await system.gateway.data('mutation { makeToastie(input: { fillings: ["cheese"] }) { id } }');
    expect(await count()).toBe(before + 1);
  });
});

describe('a burst of different queries', () => {
  // Ten different requests to jafflr; to chillybin, as many as the toasties' distinct ingredients make (at least two,
  // with and without quantity): identical reads in flight are merged before they are batched.
  const RECENT =
    'query Recent($last: Int!, $doneness: Boolean!, $quantity: Boolean!) { toasties(last: $last) { id doneness @include(if: $doneness) ingredients { name description quantity @include(if: $quantity) } } }';
  const bodies = Array.from({ length: 10 }, (_, k) =>
    JSON.stringify({ query: RECENT, variables: { last: 1 + (k % 5), doneness: k < 5, quantity: k % 2 === 0 } }),
  );

  it('sends the reads of requests that arrive together to each subgraph in batches, each answered as it is alone', async () => {
    const url = `${system.urls.gateway}/graphql`;
    const alone: unknown[] = [];
    for (const body of bodies) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      alone.push(await response.json());
    }
    const before = await Promise.all([
      scrape(system.urls.gateway),
      scrape(system.urls.jafflr),
      scrape(system.urls.chillybin),
    ]);

    const answers = await pipelinedPosts(url, bodies);

    const after = await Promise.all([
      scrape(system.urls.gateway),
      scrape(system.urls.jafflr),
      scrape(system.urls.chillybin),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual(bodies.map(() => 200));
    expect(answers.map((answer) => JSON.parse(answer.body) as unknown)).toEqual(alone);
    const grew = (k: number, name: string, labels: Record<string, string> = {}) =>
      total(after[k]!, name, labels) - total(before[k]!, name, labels);
    const reads = (subgraph: string) => grew(0, 'gateway_subgraph_batch_size_sum', { subgraph });
    const requests = (subgraph: string) => grew(0, 'gateway_subgraph_batch_size_count', { subgraph });
    expect(reads('jafflr')).toBe(bodies.length);
    expect(reads('chillybin')).toBeGreaterThanOrEqual(2);
    for (const subgraph of ['jafflr', 'chillybin']) expect(requests(subgraph)).toBeLessThan(reads(subgraph));
    // Each subgraph ran and measured every read of a batch as an operation of its own.
    expect(grew(1, 'graphql_operation_duration_seconds_count')).toBe(reads('jafflr'));
    expect(grew(2, 'graphql_operation_duration_seconds_count')).toBe(reads('chillybin'));
  });
});
