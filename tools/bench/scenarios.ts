import { measureDatabaseLimit, BENCH_ORDER } from './databaseLimit.js';
import { runHttpLoad } from './httpLoad.js';
import type { Measurement } from './measurement.js';
import type { ComparisonSpec } from './report.js';
import type { BenchSystem } from './system.js';

export interface Scenario {
  id: string;
  title: string;
  server: string;
  /** Writes toasties: runs after every reading scenario, so those all read the same seeded toasties. */
  writes?: boolean;
  /** A request that shows the scenario works before it is timed (HTTP scenarios only). */
  probe?: { url: string; body: string; headers?: Record<string, string> };
  run(connections: number, seconds: number): Promise<Measurement>;
}

const body = (query: string) => JSON.stringify({ query });
export const STOCK = body('{ stock { name quantity } }');
export const TOASTIES = body('{ toasties(last: 20) { id ingredients { name quantity } } }');
export const MAKE_TOASTIE = body(
  `mutation { makeToastie(input: { fillings: ${JSON.stringify(BENCH_ORDER.fillings)} }) { id doneness } }`,
);

/**
 * The scenarios in the order each round runs them: every pair that is
 * compared runs back to back, so both halves see the same machine.
 */
export function defineScenarios(system: BenchSystem): Scenario[] {
  const http = (
    id: string,
    title: string,
    server: string,
    url: string,
    request: string,
    headers: Record<string, string> = {},
  ): Scenario => ({
    id,
    title,
    server,
    probe: { url, body: request, headers },
    run: (connections, seconds) => runHttpLoad({ url, body: request, connections, seconds, headers }),
  });
  const { urls } = system;
  return [
    http('1', 'stock, straight to chillybin', 'chillybin', urls.chillybin, STOCK, system.subgraphHeaders),
    http('2', 'stock, through our gateway', 'gateway', urls.gateway, STOCK),
    ...(urls.variant ? [http('2v', 'stock, through the variant gateway', 'variant', urls.variant, STOCK)] : []),
    http('4a', 'stock, through Hive Gateway', 'hive', urls.hive, STOCK),
    http('3', 'toasties + ingredients, our gateway', 'gateway', urls.gateway, TOASTIES),
    ...(urls.variant ? [http('3v', 'toasties + ingredients, variant', 'variant', urls.variant, TOASTIES)] : []),
    http('4b', 'toasties + ingredients, Hive Gateway', 'hive', urls.hive, TOASTIES),
    { ...http('5', 'makeToastie, through our gateway', 'gateway', urls.gateway, MAKE_TOASTIE), writes: true },
    {
      id: '6',
      title: "one toastie's writes, driver only",
      server: 'devdb',
      writes: true,
      run: (connections, seconds) =>
        measureDatabaseLimit({
          uri: system.mongodbUri,
          dbNames: { chillybin: 'bench_limit_chillybin', jafflr: 'bench_limit_jafflr' },
          ingredientsFrom: system.dbNames.chillybin,
          connections,
          seconds,
        }),
    },
  ];
}

export const COMPARISONS: ComparisonSpec[] = [
  { title: 'stock: ours / chillybin direct', ours: '2', baseline: '1', minRpsRatio: 0.5, maxP99Ratio: 2 },
  { title: 'stock: ours / Hive Gateway', ours: '2', baseline: '4a', minRpsRatio: 1.5, maxP99Ratio: 1 },
  { title: 'toasties: ours / Hive Gateway', ours: '3', baseline: '4b', minRpsRatio: 1.5, maxP99Ratio: 1 },
  { title: 'makeToastie / database limit', ours: '5', baseline: '6', minRpsRatio: 0.5 },
  // Only with --variant-entry: is the variant better than what we have?
  { title: 'stock: variant / ours', ours: '2v', baseline: '2', minRpsRatio: 1, maxP99Ratio: 1 },
  { title: 'toasties: variant / ours', ours: '3v', baseline: '3', minRpsRatio: 1, maxP99Ratio: 1 },
];
