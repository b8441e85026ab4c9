import { readCpuSeconds } from './memory.js';
import { combineRounds, type Measurement } from './measurement.js';
import { formatTable } from './report.js';
import { inParallel, seedRequest } from './requests.js';
import { runHttpLoad } from './httpLoad.js';
import type { BenchSystem } from './system.js';
import { customerName, makeToastieRequest, ordersRequest } from './traffic.js';

// `npm run bench -- --sizes 100,2000,20000`: what one read costs the database
// as the collections grow. The toasties and orders are made through the
// services' public API (makeToastie, pickIngredients), never written to the
// database directly, so the figures follow whatever layout the services use.

/** The target: a read's database cost at the largest size within this multiple of the smallest's. */
export const GROWTH_TARGET = 1.5;

/**
 * Customers the seeded toasties and orders are spread over, and the orders
 * reads ask for: few enough that at the smallest size (100) each has a full
 * page of 20, so every size compares pages of the same length. With 50, a
 * customer had 2 orders at 100 and 20 from 2,000 on: the reads grew 3× from
 * 100 to 2,000 with the page, and were flat (1.08×) from 2,000 to 20,000.
 */
export const SIZE_CUSTOMERS = 5;

const TOASTIES_READ = JSON.stringify({ query: '{ toasties(last: 20) { id ingredients { name } } }' });

export interface CostRow {
  size: number;
  read: 'toasties(last: 20)' | 'orders(customer:)';
  service: string;
  measurement: Measurement;
  /** CPU milliseconds per request of devdb and of the service that was called, round by round. */
  devdbMs: number[];
  serviceMs: number[];
}

/** The figure of several rounds: their median, so one disturbed round does not move it. */
export function median(values: readonly number[]): number {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export interface Growth {
  read: CostRow['read'];
  smallest: number;
  largest: number;
  /** devdb CPU per request at the largest size over that at the smallest. */
  ratio: number;
  met: boolean;
}

/** For each read, how its database cost per request grew from the smallest size to the largest. */
export function growth(rows: readonly CostRow[]): Growth[] {
  const reads = [...new Set(rows.map((r) => r.read))];
  return reads.map((read) => {
    const mine = rows.filter((r) => r.read === read).sort((a, b) => a.size - b.size);
    const first = mine[0]!;
    const last = mine.at(-1)!;
    const ratio = median(last.devdbMs) / median(first.devdbMs);
    return { read, smallest: first.size, largest: last.size, ratio, met: ratio <= GROWTH_TARGET };
  });
}

const range = (values: readonly number[]) => {
  const finite = values.filter(Number.isFinite);
  return finite.length > 1 ? ` (${Math.min(...finite).toFixed(3)}–${Math.max(...finite).toFixed(3)})` : '';
};

export function costTable(rows: readonly CostRow[]): string {
  return formatTable(
    ['size', 'read', 'called', 'req/s', 'p99 ms', 'errors', 'devdb CPU ms/req (min–max)', 'service CPU ms/req'],
    rows.map((r) => [
      r.size.toLocaleString('en'),
      r.read,
      r.service,
      r.measurement.rps.toFixed(0),
      r.measurement.p99Ms.toFixed(1),
      String(r.measurement.errors + r.measurement.non2xx + r.measurement.graphqlErrors),
      `${median(r.devdbMs).toFixed(3)}${range(r.devdbMs)}`,
      median(r.serviceMs).toFixed(3),
    ]),
  );
}

export function growthTable(growths: readonly Growth[]): string {
  return formatTable(
    ['read', 'sizes', 'devdb CPU/req, largest / smallest', 'target', 'met'],
    growths.map((g) => [
      g.read,
      `${g.smallest.toLocaleString('en')} → ${g.largest.toLocaleString('en')}`,
      `${g.ratio.toFixed(2)}×`,
      `≤ ${GROWTH_TARGET}×`,
      g.met ? 'yes' : 'NO',
    ]),
  );
}

/**
 * Requests in flight at once while seeding, each of toasties and orders:
 * devdb writes one at a time, so more only queue (and time out) there.
 */
const SEED_CONCURRENCY = 6;

/**
 * Brings the toasties (made by jafflr) and the orders (picked at chillybin)
 * up to `size` each, several requests at once, each for one of SIZE_CUSTOMERS
 * customers. A toastie's own picks are orders too (customerless ones), so
 * there are more orders than `size`; the orders asked for are the customers'.
 */
export async function seedTo(
  system: BenchSystem,
  { toasties, orders }: { toasties: number; orders: number },
  size: number,
): Promise<{ toasties: number; orders: number }> {
  const headers = system.subgraphHeaders;
  const customer = (i: number) => customerName(1 + (i % SIZE_CUSTOMERS));
  await Promise.all([
    inParallel(`toasties to ${size}`, size - toasties, SEED_CONCURRENCY, (i) =>
      seedRequest(system.urls.jafflr, withCustomer(makeToastieRequest(['cheese']), customer(toasties + i)), headers),
    ),
    inParallel(`orders to ${size}`, size - orders, SEED_CONCURRENCY, (i) =>
      seedRequest(
        system.urls.chillybin,
        JSON.stringify({
          query: 'mutation Pick($input: PickIngredientsInput!) { pickIngredients(input: $input) { id } }',
          variables: { input: { items: [{ name: 'cheese', quantity: 1 }], customer: customer(orders + i) } },
        }),
        headers,
      ),
    ),
  ]);
  return { toasties: Math.max(toasties, size), orders: Math.max(orders, size) };
}

function withCustomer(body: string, customer: string): string {
  const request = JSON.parse(body) as { query: string; variables: Record<string, unknown> };
  return JSON.stringify({ ...request, variables: { ...request.variables, customer } });
}

/**
 * Measures both reads at one size, alternating them round by round, with the
 * CPU devdb and the called service spent.
 */
export async function measureReads(
  system: BenchSystem,
  size: number,
  { connections, duration, rounds }: { connections: number; duration: number; rounds: number },
  log: (line: string) => void,
): Promise<CostRow[]> {
  const reads = [
    {
      read: 'toasties(last: 20)' as const,
      service: 'jafflr',
      url: system.urls.jafflr,
      body: (): string => TOASTIES_READ,
    },
    {
      read: 'orders(customer:)' as const,
      service: 'chillybin',
      url: system.urls.chillybin,
      body: (): string => ordersRequest(SIZE_CUSTOMERS),
    },
  ];
  const rows = reads.map(({ read, service }) => ({
    size,
    read,
    service,
    measurements: [] as Measurement[],
    devdbMs: [] as number[],
    serviceMs: [] as number[],
  }));
  const cpu = (name: string) => readCpuSeconds(system.pids[name]!) ?? NaN;
  // Unmeasured first: the services' code warm before it is timed.
  for (const { url, body } of reads)
    await runHttpLoad({ url, body, connections, seconds: Math.min(3, duration), headers: system.subgraphHeaders });
  for (let round = 1; round <= rounds; round++) {
    for (const [i, { read, service, url, body }] of reads.entries()) {
      const before = { devdb: cpu('devdb'), service: cpu(service) };
      const measurement = await runHttpLoad({
        url,
        body,
        connections,
        seconds: duration,
        headers: system.subgraphHeaders,
      });
      const row = rows[i]!;
      row.measurements.push(measurement);
      row.devdbMs.push(((cpu('devdb') - before.devdb) * 1000) / measurement.requests);
      row.serviceMs.push(((cpu(service) - before.service) * 1000) / measurement.requests);
      log(
        `size ${size}  round ${round}/${rounds}  ${read.padEnd(18)} ${measurement.rps.toFixed(0).padStart(6)} req/s  ` +
          `devdb ${row.devdbMs.at(-1)!.toFixed(3)} CPU ms/req  ${service} ${row.serviceMs.at(-1)!.toFixed(3)}`,
      );
    }
  }
  return rows.map(({ measurements, ...row }) => ({ ...row, measurement: combineRounds(measurements) }));
}
