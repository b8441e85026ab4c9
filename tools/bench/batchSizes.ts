/** Reads and HTTP requests a gateway sent to each subgraph so far, from its `gateway_subgraph_batch_size`. */
export type BatchTotals = Record<string, { reads: number; requests: number }>;

/** A `_sum` or `_count` sample, its `subgraph` label among the others (the registry's service labels). */
const SAMPLE = /^gateway_subgraph_batch_size_(sum|count)\{[^}]*\bsubgraph="([^"]+)"[^}]*\} (\S+)$/gm;

/** Undefined when the gateway has no such metric (a build from before batching, Hive, the floor). */
export async function readBatchTotals(gatewayUrl: string): Promise<BatchTotals | undefined> {
  const response = await fetch(new URL('/metrics', gatewayUrl)).catch(() => undefined);
  if (!response?.ok) return undefined;
  return batchTotalsOf(await response.text());
}

/** The totals in a Prometheus text exposition. */
export function batchTotalsOf(metrics: string): BatchTotals | undefined {
  const totals: BatchTotals = {};
  for (const [, kind, subgraph, value] of metrics.matchAll(SAMPLE)) {
    const entry = (totals[subgraph!] ??= { reads: 0, requests: 0 });
    entry[kind === 'sum' ? 'reads' : 'requests'] = Number(value);
  }
  return Object.keys(totals).length > 0 ? totals : undefined;
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
