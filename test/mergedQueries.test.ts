import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageReport } from '../gateway/src/usage/UsageCounts.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { scrape, total } from './support/prometheus.js';
import { startSystem, type System } from './support/system.js';

// A burst of the same query through the real gateway: it runs once per
// moment, and yet every request is answered, measured and tracked as its own.

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
