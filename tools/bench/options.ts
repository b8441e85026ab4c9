import { parseArgs } from 'node:util';

export interface BenchOptions {
  connections: number;
  /** Seconds per scenario per round. */
  duration: number;
  rounds: number;
  /** Seconds of unmeasured load on each target before the first round, for the JIT and caches. */
  warmup: number;
  /**
   * Requests each target must also have served before it is measured: V8
   * optimises a function after enough calls, so a scenario that runs at
   * 200 req/s needs longer than one at 5,000 (see BENCHMARKS.md).
   */
  warmupRequests: number;
  out: string;
  /** Toasties made before the first round: what the toasties scenarios list from. */
  toasties: number;
  /** Seconds of the memory soak; 0 runs the scenarios instead. */
  soak: number;
  /** Where to write CPU profiles of our services (node --cpu-prof), one folder each, if anywhere. */
  cpuProf?: string;
  /** Our gateway's entry point, to compare a variant (cluster, another fetcher) with the real one. */
  gatewayEntry?: string;
  /** A second gateway (another entry point) measured against ours, alternating, in scenarios 2v and 3v. */
  variantEntry?: string;
  /** Node's own flags for the variant alone (`--variant-node-args=--max-semi-space-size=64`): a build under other runtime settings. */
  variantNodeArgs?: string[];
  /** Only the scenarios with these ids, such as `i1,i2`. */
  only?: string[];
  /** Collection sizes to measure the database's cost per read at, instead of the scenarios, such as 100,2000,20000. */
  sizes?: number[];
}

const usage = `npm run bench -- [--quick] [--connections N] [--duration S] [--rounds N] [--warmup S] [--warmup-requests N]
                    [--toasties N] [--out bench-results.json] [--soak S] [--cpu-prof DIR] [--gateway-entry FILE]
                    [--variant-entry FILE] [--variant-node-args="--flag …"] [--only i1,i2] [--sizes 100,2000,20000]`;

/**
 * A day's trade at the stall. FerretDB v1 sorts a find in memory, so what
 * `toasties(last: 20)` costs devdb grows with the collection (MongoDB walks
 * the createdAt index instead); the reading scenarios all run on this many.
 */
export const DEFAULT_TOASTIES = 500;

/** --quick only shows the benchmark runs: fewer toasties to make first. */
export const QUICK_TOASTIES = 100;

/** Enough calls for V8 to have optimised a makeToastie's code paths in every service (BENCHMARKS.md). */
export const DEFAULT_WARMUP_REQUESTS = 4000;

function positive(name: string, value: string | undefined, fallback: number, allowZero = false): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || (!allowZero && n === 0))
    throw new Error(`--${name} must be a positive number\n${usage}`);
  return n;
}

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      connections: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      warmup: { type: 'string' },
      'warmup-requests': { type: 'string' },
      toasties: { type: 'string' },
      out: { type: 'string', default: 'bench-results.json' },
      soak: { type: 'string' },
      'cpu-prof': { type: 'string' },
      'gateway-entry': { type: 'string' },
      'variant-entry': { type: 'string' },
      'variant-node-args': { type: 'string' },
      only: { type: 'string' },
      sizes: { type: 'string' },
    },
    strict: true,
  });
  if (values['variant-node-args'] !== undefined && values['variant-entry'] === undefined)
    throw new Error(`--variant-node-args needs --variant-entry (ours is gateway/src/index.ts)\n${usage}`);
  // --quick keeps CI honest that the benchmark still runs; its figures mean little.
  const quick = values.quick;
  return {
    connections: positive('connections', values.connections, quick ? 10 : 32),
    duration: positive('duration', values.duration, quick ? 2 : 10),
    rounds: positive('rounds', values.rounds, quick ? 1 : 3),
    warmup: positive('warmup', values.warmup, quick ? 0 : 3, true),
    warmupRequests: Math.round(
      positive('warmup-requests', values['warmup-requests'], quick ? 0 : DEFAULT_WARMUP_REQUESTS, true),
    ),
    toasties: Math.round(positive('toasties', values.toasties, quick ? QUICK_TOASTIES : DEFAULT_TOASTIES)),
    out: values.out,
    soak: positive('soak', values.soak, 0, true),
    cpuProf: values['cpu-prof'],
    gatewayEntry: values['gateway-entry'],
    variantEntry: values['variant-entry'],
    variantNodeArgs: values['variant-node-args']?.split(/\s+/).filter(Boolean),
    only: values.only?.split(',').map((id) => id.trim()),
    sizes: values.sizes?.split(',').map((size) => Math.round(positive('sizes', size.trim(), NaN))),
  };
}
