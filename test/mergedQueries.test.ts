import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageReport } from '../gateway/src/usage/UsageCounts.js';
import { startGateway } from './support/gateway.js';
import { logLines } from './support/logLines.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { pipelinedPosts } from './support/pipelinedPosts.js';
import { scrape, total } from '../tools/dev/prometheus.js';
import { startSystem, type System } from './support/system.js';

// A burst of the same query through the real gateway: it runs once per
// moment, and yet every request is answered, measured and tracked as its own.
// A burst of different queries: their reads to each subgraph go as batches,
// and yet every request gets the answer it gets alone, also from an instance
// that takes no batches (one not yet upgraded, in a rollout).

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

/**
 * jafflr as an instance without batching answers: a batch is refused as Apollo
 * Server refuses one with `allowBatchedHttpRequests` off, and every other
 * request goes to the real jafflr. Counts what it was sent.
 */
async function jafflrWithoutBatches(upstream: string) {
  const seen = { batches: 0, single: 0 };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (body.trimStart().startsWith('[')) {
        seen.batches += 1;
        res.writeHead(400, { 'content-type': 'application/json; charset=utf-8' });
        return void res.end(
          '{"errors":[{"message":"Operation batching disabled.","extensions":{"code":"BAD_REQUEST"}}]}\n',
        );
      }
      seen.single += 1;
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(([name]) => !['host', 'content-length', 'connection'].includes(name)),
      ) as Record<string, string>;
      void fetch(upstream, { method: 'POST', headers, body }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
        res.end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('a subgraph instance that takes no batches', () => {
  it('gets each read of a refused batch again on its own, and only single reads for a while after, with a warning', async () => {
    const oldJafflr = await jafflrWithoutBatches(system.urls.jafflr);
    const { logs, lines } = logLines<{ msg?: string; subgraph?: string; status?: number }>();
    const supergraphSdl = readFileSync(new URL('../supergraph.graphql', import.meta.url), 'utf8');
    const gateway = await startGateway(system, supergraphSdl, { JAFFLR_URL: oldJafflr.url }, { logs });
    try {
      const url = `${gateway.url}/graphql`;
      const recent = (k: number) =>
        JSON.stringify({
          query: 'query Old($last: Int!) { toasties(last: $last) { id doneness } }',
          variables: { last: k },
        });
      const alone = await Promise.all(
        [1, 2, 3, 4].map(async (k) => {
          const response = await fetch(system.urls.gateway + '/graphql', {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: recent(k),
          });
          return (await response.json()) as unknown;
        }),
      );

      const first = await pipelinedPosts(url, [1, 2, 3, 4].map(recent));
      expect(first.map((answer) => JSON.parse(answer.body) as unknown)).toEqual(alone);
      // The four arrive in one read, so in one batch (two, were they ever split over two turns).
      const refused = oldJafflr.seen.batches;
      expect(refused).toBeGreaterThanOrEqual(1);
      expect(oldJafflr.seen.single).toBe(4);
      const warnings = lines.filter((line) => line.msg?.startsWith('the subgraph refused a batch'));
      expect(warnings).toHaveLength(refused);
      for (const warning of warnings) expect(warning).toMatchObject({ subgraph: 'jafflr', status: 400 });

      const second = await pipelinedPosts(url, [1, 2, 3, 4].map(recent));
      expect(second.map((answer) => JSON.parse(answer.body) as unknown)).toEqual(alone);
      // Resting from batches: each read went on its own at once.
      expect(oldJafflr.seen).toEqual({ batches: refused, single: 8 });
    } finally {
      await gateway.stop();
      await oldJafflr.close();
    }
  });
});
