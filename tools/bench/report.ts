import type { Measurement } from './measurement.js';
import type { GateUse } from './writeGate.js';

export interface ScenarioResult {
  id: string;
  title: string;
  /** The process that answers this scenario's requests, whose peak RSS the table shows. */
  server: string;
  result: Measurement;
  rounds: Measurement[];
  /** Peak RSS of every process while this scenario ran, in MiB. */
  peakRssMiB: Record<string, number>;
  /** CPU seconds each process used while this scenario ran, over all rounds. */
  cpuSeconds: Record<string, number>;
  /** What writes did with devdb's write gate while this scenario ran, over all rounds (devdb only). */
  writeGate?: GateUse;
}

/** A ratio between two scenarios, and the target it is held to. */
export interface ComparisonSpec {
  title: string;
  ours: string;
  baseline: string;
  /** Ours must reach at least this multiple of the baseline's throughput. */
  minRpsRatio: number;
  /** Ours may take at most this multiple of the baseline's p99, if it is held to one. */
  maxP99Ratio?: number;
}

export interface Comparison extends ComparisonSpec {
  rpsRatio: number;
  p99Ratio: number;
  met: boolean;
}

export function compare(spec: ComparisonSpec, results: readonly ScenarioResult[]): Comparison | undefined {
  const ours = results.find((r) => r.id === spec.ours)?.result;
  const baseline = results.find((r) => r.id === spec.baseline)?.result;
  if (!ours || !baseline) return undefined;
  const rpsRatio = ours.rps / baseline.rps;
  const p99Ratio = ours.p99Ms / baseline.p99Ms;
  const met = rpsRatio >= spec.minRpsRatio && (spec.maxP99Ratio === undefined || p99Ratio <= spec.maxP99Ratio);
  return { ...spec, rpsRatio, p99Ratio, met };
}

function fixed(value: number, digits: number): string {
  return Number.isFinite(value) ? value.toFixed(digits) : '-';
}

/** A plain-text table whose columns are as wide as their widest cell; numbers align right. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const numeric = header.map((_, i) => rows.length > 0 && rows.every((row) => /^[-\d.,×%]+$|^-$/.test(row[i]!)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function scenarioTable(results: readonly ScenarioResult[]): string {
  return formatTable(
    ['#', 'scenario', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'gql errors', 'server', 'peak RSS MiB'],
    results.map(({ id, title, server, result, peakRssMiB }) => [
      id,
      title,
      fixed(result.rps, 0),
      fixed(result.p50Ms, 1),
      fixed(result.p99Ms, 1),
      String(result.errors),
      String(result.non2xx),
      String(result.graphqlErrors),
      server,
      fixed(peakRssMiB[server] ?? NaN, 0),
    ]),
  );
}

export function comparisonTable(comparisons: readonly Comparison[]): string {
  return formatTable(
    ['comparison', 'rps ratio', 'p99 ratio', 'target', 'met'],
    comparisons.map((c) => [
      c.title,
      `${fixed(c.rpsRatio, 2)}×`,
      `${fixed(c.p99Ratio, 2)}×`,
      `rps ≥ ${c.minRpsRatio}×` + (c.maxP99Ratio === undefined ? '' : `, p99 ≤ ${c.maxP99Ratio}×`),
      c.met ? 'yes' : 'NO',
    ]),
  );
}

/** Where each scenario's CPU goes: milliseconds of CPU per request, by process. */
export function cpuTable(results: readonly ScenarioResult[]): string {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpuSeconds)))];
  return formatTable(
    ['#', ...names.map((name) => `${name} CPU ms/req`)],
    results.map(({ id, result, cpuSeconds }) => [
      id,
      ...names.map((name) => fixed(((cpuSeconds[name] ?? NaN) * 1000) / result.requests, 2)),
    ]),
  );
}

export function memoryTable(peaks: Record<string, number>): string {
  return formatTable(
    ['process', 'peak RSS MiB (VmHWM)'],
    Object.entries(peaks).map(([name, mib]) => [name, fixed(mib, 0)]),
  );
}
