import type { Measurement } from './measurement.js';
import type { GateUse } from './writeGate.js';

export interface ScenarioResult {
  id: string;
  title: string;
  /** The process that answers this scenario's requests, whose CPU and peak RSS the tables show. */
  server: string;
  /** What its requests are like: varied, an identical burst, the kiosk's mix. */
  traffic: string;
  result: Measurement;
  rounds: Measurement[];
  /** Peak RSS of every process while this scenario ran, in MiB. */
  peakRssMiB: Record<string, number>;
  /** CPU seconds each process used while this scenario ran, over all rounds. */
  cpuSeconds: Record<string, number>;
  /** The same, round by round, for the spread. */
  cpuRounds: Record<string, number>[];
  /** What writes did with devdb's write gate while this scenario ran, over all rounds (devdb only). */
  writeGate?: GateUse;
  /** Reads per HTTP request to each subgraph, round by round, for a gateway that reports its batches. */
  batchRounds?: string[];
}

/** The process that generates the load: its CPU is shown but is no part of what serves a request. */
export const LOAD_GENERATOR = 'bench (load)';

/**
 * A ratio between two scenarios and the targets it is held to. With several
 * baselines, the one whose server spends the least CPU per request is taken
 * (Hive Gateway's better planner, scenario by scenario).
 */
export interface ComparisonSpec {
  title: string;
  ours: string;
  baseline: string[];
  /** Ours must reach at least this multiple of the baseline's throughput. */
  minRpsRatio?: number;
  /** Ours may take at most this multiple of the baseline's p99. */
  maxP99Ratio?: number;
  /** Our server may spend at most this multiple of the baseline server's CPU per request. */
  maxCpuRatio?: number;
  /** False where the two servers' CPU says nothing of each other (a gateway against the database driver). */
  cpu?: boolean;
}

/** A figure and its spread over the rounds. */
export interface Spread {
  value: number;
  min: number;
  max: number;
}

export interface Comparison extends Omit<ComparisonSpec, 'baseline'> {
  baseline: string;
  /** Server CPU per request, ours over the baseline's. */
  cpuRatio?: Spread;
  /** CPU per request of every process serving it (the load generator left out), ours over the baseline's. */
  totalCpuRatio?: number;
  /** Answers without a failure (not a non-2xx, no GraphQL errors) per second, ours over the baseline's. */
  rpsRatio: Spread;
  p99Ratio: Spread;
  /** Our requests that failed: no answer, a non-2xx one, or one with GraphQL errors. A target is not met with any. */
  failed: number;
  met: boolean;
}

/** Requests that failed: no answer (a connection error or timeout), a non-2xx answer, or one with GraphQL errors. */
function failedRequests(m: Measurement): number {
  return m.errors + m.non2xx + m.graphqlErrors;
}

/** Answers per second that were not failures: a failed answer, often a quick refusal, is not throughput. */
function answeredRps(m: Measurement): number {
  return m.seconds > 0 ? (m.requests - m.non2xx - m.graphqlErrors) / m.seconds : 0;
}

/** Milliseconds of CPU one process spent per request, over all rounds or in each. */
export function cpuPerRequest(result: ScenarioResult, process: string): number {
  return ((result.cpuSeconds[process] ?? NaN) * 1000) / result.result.requests;
}

function cpuPerRequestByRound(result: ScenarioResult, process: string): number[] {
  return result.rounds.map((round, i) => ((result.cpuRounds[i]?.[process] ?? NaN) * 1000) / round.requests);
}

function serving(result: ScenarioResult): number {
  const seconds = Object.entries(result.cpuSeconds)
    .filter(([name]) => name !== LOAD_GENERATOR)
    .reduce((n, [, s]) => n + s, 0);
  return (seconds * 1000) / result.result.requests;
}

/** The lowest and highest of some figures (NaN ignored), beside the overall one. */
export function spread(value: number, values: readonly number[]): Spread {
  const finite = values.filter(Number.isFinite);
  return finite.length === 0
    ? { value, min: NaN, max: NaN }
    : { value, min: Math.min(...finite), max: Math.max(...finite) };
}

/** Round i of ours over round i of the baseline: the two ran back to back on the same machine. */
function roundRatios(ours: readonly number[], baseline: readonly number[]): number[] {
  return ours.map((o, i) => o / baseline[i]!).filter((_, i) => i < baseline.length);
}

export function compare(spec: ComparisonSpec, results: readonly ScenarioResult[]): Comparison | undefined {
  const ours = results.find((r) => r.id === spec.ours);
  const candidates = results.filter((r) => spec.baseline.includes(r.id));
  if (!ours || candidates.length !== spec.baseline.length) return undefined;
  const baseline = candidates.reduce((best, r) =>
    cpuPerRequest(r, r.server) < cpuPerRequest(best, best.server) ? r : best,
  );
  const withCpu = spec.cpu !== false;
  const cpuRatio = withCpu
    ? spread(
        cpuPerRequest(ours, ours.server) / cpuPerRequest(baseline, baseline.server),
        roundRatios(cpuPerRequestByRound(ours, ours.server), cpuPerRequestByRound(baseline, baseline.server)),
      )
    : undefined;
  const rpsRatio = spread(
    answeredRps(ours.result) / answeredRps(baseline.result),
    roundRatios(ours.rounds.map(answeredRps), baseline.rounds.map(answeredRps)),
  );
  const p99Ratio = spread(
    ours.result.p99Ms / baseline.result.p99Ms,
    roundRatios(
      ours.rounds.map((r) => r.p99Ms),
      baseline.rounds.map((r) => r.p99Ms),
    ),
  );
  const failed = failedRequests(ours.result);
  const met =
    failed === 0 &&
    (spec.minRpsRatio === undefined || rpsRatio.value >= spec.minRpsRatio) &&
    (spec.maxP99Ratio === undefined || p99Ratio.value <= spec.maxP99Ratio) &&
    (spec.maxCpuRatio === undefined || (cpuRatio?.value ?? NaN) <= spec.maxCpuRatio);
  return {
    ...spec,
    baseline: baseline.id,
    ...(cpuRatio ? { cpuRatio, totalCpuRatio: serving(ours) / serving(baseline) } : {}),
    rpsRatio,
    p99Ratio,
    failed,
    met,
  };
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** `1.23 (1.10–1.40)`: the overall figure, then the lowest and highest round's. */
export function formatSpread({ value, min, max }: Spread, digits: number, unit = ''): string {
  if (!Number.isFinite(value)) return '-';
  const range = Number.isFinite(min) && min !== max ? ` (${fixed(min, digits)}–${fixed(max, digits)})` : '';
  return `${fixed(value, digits)}${unit}${range}`;
}

/** A plain-text table whose columns are as wide as their widest cell; numbers align right. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => /^[-\d.,×%() –]+$|^-$/.test(row[i]!)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function duplicateRate({ sent, duplicates }: Measurement): string {
  return sent ? `${fixed((100 * (duplicates ?? 0)) / sent, 1)}%` : '-';
}

export function scenarioTable(results: readonly ScenarioResult[]): string {
  return formatTable(
    [
      '#',
      'scenario',
      'traffic',
      'req/s (min–max)',
      'p50 ms',
      'p99 ms',
      'errors',
      'non-2xx',
      'gql errors',
      'in flight twice',
      'server',
      'server CPU ms/req (min–max)',
      'peak RSS MiB',
    ],
    results.map((r) => [
      r.id,
      r.title,
      r.traffic,
      formatSpread(
        spread(
          r.result.rps,
          r.rounds.map((m) => m.rps),
        ),
        0,
      ),
      fixed(r.result.p50Ms, 1),
      fixed(r.result.p99Ms, 1),
      String(r.result.errors),
      String(r.result.non2xx),
      String(r.result.graphqlErrors),
      duplicateRate(r.result),
      r.server,
      formatSpread(spread(cpuPerRequest(r, r.server), cpuPerRequestByRound(r, r.server)), 3),
      fixed(r.peakRssMiB[r.server] ?? NaN, 0),
    ]),
  );
}

export function comparisonTable(comparisons: readonly Comparison[]): string {
  const targets = (c: Comparison) =>
    [
      c.maxCpuRatio === undefined ? '' : `CPU ≤ ${c.maxCpuRatio}×`,
      c.minRpsRatio === undefined ? '' : `rps ≥ ${c.minRpsRatio}×`,
      c.maxP99Ratio === undefined ? '' : `p99 ≤ ${c.maxP99Ratio}×`,
    ]
      .filter(Boolean)
      .join(', ');
  return formatTable(
    ['comparison', 'against', 'server CPU/req ratio', 'all CPU/req ratio', 'rps ratio', 'p99 ratio', 'target', 'met'],
    comparisons.map((c) => {
      const target = targets(c);
      return [
        c.title,
        c.baseline,
        c.cpuRatio ? formatSpread(c.cpuRatio, 2, '×') : '-',
        c.totalCpuRatio === undefined ? '-' : `${fixed(c.totalCpuRatio, 2)}×`,
        formatSpread(c.rpsRatio, 2, '×'),
        formatSpread(c.p99Ratio, 2, '×'),
        target || '-',
        target ? (c.met ? 'yes' : c.failed > 0 ? `NO (${c.failed} failed)` : 'NO') : '-',
      ];
    }),
  );
}

/** Where each scenario's CPU goes: milliseconds of CPU per request, by process. */
export function cpuTable(results: readonly ScenarioResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpuSeconds)))];
  return formatTable(
    ['#', ...names.map((name) => `${name} CPU ms/req`)],
    results.map((r) => [r.id, ...names.map((name) => fixed(cpuPerRequest(r, name), 3))]),
  );
}

export function memoryTable(peaks: Record<string, number>): string {
  return formatTable(
    ['process', 'peak RSS MiB (VmHWM)'],
    Object.entries(peaks).map(([name, mib]) => [name, fixed(mib, 0)]),
  );
}
