/** What one timed run of one scenario produced. */
export interface Measurement {
  requests: number;
  seconds: number;
  /** Requests (or, for the database, toasties' writes) per second. */
  rps: number;
  p50Ms: number;
  p99Ms: number;
  /** Connection errors and timeouts. */
  errors: number;
  non2xx: number;
  /** 2xx responses whose body carried GraphQL errors. */
  graphqlErrors: number;
  /** HTTP scenarios: the GraphQL errors' `extensions.code`s, how many of each, in the answers that carried errors. */
  errorCodes?: Record<string, number>;
  /** HTTP scenarios: requests sent, and how many of them while an identical one was in flight. */
  sent?: number;
  duplicates?: number;
}

/** The value below which `fraction` of the sorted values lie (nearest rank). */
export function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function median(values: number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/**
 * Several rounds of one scenario as one figure: throughput over the total
 * time, latencies as the median round's (percentiles cannot be averaged),
 * error counts summed.
 */
export function combineRounds(rounds: readonly Measurement[]): Measurement {
  const requests = rounds.reduce((n, r) => n + r.requests, 0);
  const seconds = rounds.reduce((n, r) => n + r.seconds, 0);
  const sum = (key: 'errors' | 'non2xx' | 'graphqlErrors') => rounds.reduce((n, r) => n + r[key], 0);
  const counted = rounds.every((r) => r.sent !== undefined);
  return {
    requests,
    seconds,
    rps: seconds > 0 ? requests / seconds : 0,
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    errors: sum('errors'),
    non2xx: sum('non2xx'),
    graphqlErrors: sum('graphqlErrors'),
    ...(rounds.some((r) => r.errorCodes) ? { errorCodes: addCounts(rounds.map((r) => r.errorCodes ?? {})) } : {}),
    ...(counted
      ? {
          sent: rounds.reduce((n, r) => n + r.sent!, 0),
          duplicates: rounds.reduce((n, r) => n + (r.duplicates ?? 0), 0),
        }
      : {}),
  };
}

/** Counts by key, added up. */
function addCounts(counts: readonly Record<string, number>[]): Record<string, number> {
  const sum: Record<string, number> = {};
  for (const count of counts) for (const [key, n] of Object.entries(count)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

/** `OVERLOADED 40, CHILLYBIN_UNAVAILABLE 2`: the most frequent first; empty for none. */
export function formatCounts(counts: Record<string, number> | undefined): string {
  return Object.entries(counts ?? {})
    .sort(([a, m], [b, n]) => n - m || a.localeCompare(b))
    .map(([key, n]) => `${key} ${n}`)
    .join(', ');
}
