import { measureDatabaseLimit, BENCH_ORDER } from './databaseLimit.js';
import { runHttpLoad } from './httpLoad.js';
import type { Measurement } from './measurement.js';
import type { ComparisonSpec } from './report.js';
import type { BenchSystem } from './system.js';
import {
  ingredientRequest,
  KIOSK_HEADERS,
  kioskOperations,
  kioskRequests,
  makeToastieRequest,
  STOCK_BURST,
  toastiesRequest,
} from './traffic.js';

/**
 * When a scenario runs: the reading ones on the seeded toasties first, then
 * the writing ones, then those that need the extra ingredients (which would
 * slow every write, and lengthen every stock list, had they come earlier).
 */
export const PHASES = ['reads', 'writes', 'extraIngredients'] as const;
export type Phase = (typeof PHASES)[number];

/** What a scenario's requests are like, shown beside its figures. */
export type Traffic = 'varied' | 'identical burst' | 'kiosk mix' | 'driver';

export interface Scenario {
  id: string;
  title: string;
  server: string;
  traffic: Traffic;
  phase: Phase;
  /** A request that shows the scenario works before it is timed (HTTP scenarios only). */
  probe?: { url: string; body: string; headers?: Record<string, string> };
  run(connections: number, seconds: number): Promise<Measurement>;
}

/**
 * The scenarios in the order each round runs them: every set that is
 * compared runs back to back, so each member sees the same machine.
 */
export function defineScenarios(system: BenchSystem, fillings: readonly string[]): Scenario[] {
  const http = (
    id: string,
    title: string,
    server: string,
    url: string,
    {
      traffic,
      phase,
      next,
      headers = {},
    }: { traffic: Traffic; phase: Phase; next: () => string; headers?: Record<string, string> },
  ): Scenario => ({
    id,
    title,
    server,
    traffic,
    phase,
    probe: { url, body: next(), headers },
    run: (connections, seconds) => runHttpLoad({ url, body: next, connections, seconds, headers }),
  });
  const { urls, subgraphHeaders } = system;
  const hashes = kioskOperations();
  const gateways = (
    prefix: string,
    what: string,
    load: { traffic: Traffic; phase: Phase; next: () => string; headers?: Record<string, string> },
  ) => [
    http(`${prefix}2`, `${what}, our gateway`, 'gateway', urls.gateway, load),
    ...(urls.variant ? [http(`${prefix}v`, `${what}, variant gateway`, 'variant', urls.variant, load)] : []),
    http(`${prefix}h`, `${what}, Hive Gateway (JS planner)`, 'hive', urls.hive, load),
    http(`${prefix}r`, `${what}, Hive Gateway (Rust planner)`, 'hive-rust', urls.hiveRust, load),
  ];
  const burst = { traffic: 'identical burst', phase: 'reads', next: () => STOCK_BURST } as const;
  const toasties = { traffic: 'varied', phase: 'reads', next: () => toastiesRequest() } as const;
  const kiosk = {
    traffic: 'kiosk mix',
    phase: 'writes',
    next: kioskRequests(hashes, fillings),
    headers: KIOSK_HEADERS,
  } as const;
  const ingredient = { traffic: 'varied', phase: 'extraIngredients', next: () => ingredientRequest() } as const;
  return [
    http('b1', 'stock, chillybin direct', 'chillybin', urls.chillybin, { ...burst, headers: subgraphHeaders }),
    ...gateways('b', 'stock', burst),
    ...gateways('t', 'toasties + ingredients', toasties),
    http('m2', 'makeToastie, our gateway', 'gateway', urls.gateway, {
      traffic: 'varied',
      phase: 'writes',
      next: () => makeToastieRequest(BENCH_ORDER.fillings),
    }),
    {
      id: 'db',
      title: "one toastie's writes, driver only",
      server: 'devdb',
      traffic: 'driver',
      phase: 'writes',
      run: (connections, seconds) =>
        measureDatabaseLimit({
          uri: system.mongodbUri,
          dbNames: { chillybin: 'bench_limit_chillybin', jafflr: 'bench_limit_jafflr' },
          ingredientsFrom: system.dbNames.chillybin,
          connections,
          seconds,
        }),
    },
    ...gateways('k', 'kiosk mix', kiosk),
    http('i1', 'ingredient, chillybin direct', 'chillybin', urls.chillybin, {
      ...ingredient,
      headers: subgraphHeaders,
    }),
    ...gateways('i', 'ingredient', ingredient),
  ];
}

const HIVE = ['h', 'r'];
const betterHive = (prefix: string) => HIVE.map((planner) => `${prefix}${planner}`);

/** The targets, held as comparisons: a missed one is reported, not failed. */
export const CPU_TARGET = 0.3;

export const COMPARISONS: ComparisonSpec[] = [
  ...(['b', 't', 'k', 'i'] as const).flatMap((prefix) => {
    const what = { b: 'stock burst', t: 'toasties', k: 'kiosk mix', i: 'ingredient' }[prefix];
    return [
      { title: `${what}: ours / Hive JS`, ours: `${prefix}2`, baseline: [`${prefix}h`] },
      { title: `${what}: ours / Hive Rust`, ours: `${prefix}2`, baseline: [`${prefix}r`] },
      {
        title: `${what}: ours / better Hive`,
        ours: `${prefix}2`,
        baseline: betterHive(prefix),
        maxCpuRatio: CPU_TARGET,
      },
    ];
  }),
  { title: 'ingredient: ours / chillybin direct', ours: 'i2', baseline: ['i1'], minRpsRatio: 0.6, maxP99Ratio: 1.5 },
  { title: 'stock burst: ours / chillybin direct', ours: 'b2', baseline: ['b1'] },
  { title: 'makeToastie / database limit', ours: 'm2', baseline: ['db'], minRpsRatio: 0.65, cpu: false },
  // Only with --variant-entry: is the variant better than what we have, and would it meet the target? With the
  // floor (hopFloor.ts) as the variant, the second says whether the HTTP exchanges alone would.
  ...['b', 't', 'k', 'i'].flatMap((prefix) => [
    {
      title: `${prefix}: variant / ours`,
      ours: `${prefix}v`,
      baseline: [`${prefix}2`],
      minRpsRatio: 1,
      maxCpuRatio: 1,
    },
    {
      title: `${prefix}: variant / better Hive`,
      ours: `${prefix}v`,
      baseline: betterHive(prefix),
      maxCpuRatio: CPU_TARGET,
    },
  ]),
];
