import { parseMetrics, scrape, total, type Sample } from '../dev/prometheus.js';

/** Reads and HTTP requests a gateway sent to each subgraph so far, from its `gateway_subgraph_batch_size`. */
export type BatchTotals = Record<string, { reads: number; requests: number }>;

/** Undefined when the gateway has no such metric (a build from before batching, Hive, the floor). */
export async function readBatchTotals(gatewayUrl: string): Promise<BatchTotals | undefined> {
  const samples = await scrape(gatewayUrl).catch(() => undefined);
  return samples && totalsOf(samples);
}

/** The totals in a Prometheus text exposition. */
export function batchTotalsOf(metrics: string): BatchTotals | undefined {
  return totalsOf(parseMetrics(metrics));
}

const SUM = 'gateway_subgraph_batch_size_sum';
const COUNT = 'gateway_subgraph_batch_size_count';

function totalsOf(samples: Sample[]): BatchTotals | undefined {
  const counted = samples.filter(({ name, labels }) => name === COUNT && labels.subgraph !== undefined);
  const subgraphs = new Set(counted.map(({ labels }) => labels.subgraph!));
  if (subgraphs.size === 0) return undefined;
  return Object.fromEntries(
    [...subgraphs].map((subgraph) => [
      subgraph,
      { reads: total(samples, SUM, { subgraph }), requests: total(samples, COUNT, { subgraph }) },
    ]),
  );
}

/** Reads per HTTP request to each subgraph between two readings, as `jafflr 3.1, chillybin 4.0`; '' without both. */
export function readsPerRequest(before: BatchTotals | undefined, after: BatchTotals | undefined): string {
  if (!before || !after) return '';
  return Object.entries(after)
    .map(([subgraph, { reads, requests }]) => {
      const sent = requests - (before[subgraph]?.requests ?? 0);
      return sent > 0 ? `${subgraph} ${((reads - (before[subgraph]?.reads ?? 0)) / sent).toFixed(1)}` : '';
    })
    .filter(Boolean)
    .join(', ');
}
