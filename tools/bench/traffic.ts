import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { readManifests } from '../../gateway/src/persistedOperations/manifest.js';
import { repoRoot } from '../dev/serviceProcess.js';

// What the HTTP scenarios send: one fixed document each, as a real client
// sends, with variables drawn per request from ranges wide enough that two
// identical requests are rarely in flight together (the load generator counts
// how often they are). A gateway that merges identical in-flight queries
// would otherwise be measured answering one request for many.

/** A random source in [0, 1): Math.random in the benchmark, a fixed sequence in tests. */
export type Random = () => number;

const pickFrom = <T>(values: readonly T[], random: Random): T => values[Math.floor(random() * values.length)]!;
const between = (low: number, high: number, random: Random) => low + Math.floor(random() * (high - low + 1));
const body = (query: string, variables?: Record<string, unknown>) =>
  JSON.stringify(variables ? { query, variables } : { query });

/** The old fixed request, kept as the "identical burst" scenarios: every request the same. */
export const STOCK_BURST = body('{ stock { name quantity } }');

/**
 * Ingredients the benchmark adds to the chilly bin (through `addIngredient`) for the
 * one-subgraph scenarios to ask about, one name per request, each with or
 * without its description: 1,000 distinct requests, so 32 connections send one
 * already in flight about 3% of the time. Not more: FerretDB v1 finds an
 * ingredient by name by reading the collection, and an upsert the same way.
 * They are added after the scenarios that write, which they would slow, and
 * whose stock lists they would lengthen.
 */
export const EXTRA_INGREDIENTS = 500;
export const extraIngredientName = (i: number) => `bench-${String(i).padStart(5, '0')}`;

export const INGREDIENT_QUERY =
  'query Ingredient($name: String!, $description: Boolean!) { ingredient(name: $name) { name quantity description @include(if: $description) } }';

export function ingredientRequest(random: Random = Math.random): string {
  return body(INGREDIENT_QUERY, {
    name: extraIngredientName(between(1, EXTRA_INGREDIENTS, random)),
    description: random() < 0.5,
  });
}

/**
 * The two-subgraph read. `last` alone (at most 100) repeats too often, so
 * five `@include` flags also vary: each changes what jafflr and chillybin are
 * asked, 30 × 32 = 960 distinct requests, around 20 on average as before.
 */
export const TOASTIES_QUERY = `query Toasties($last: Int!, $doneness: Boolean!, $customer: Boolean!, $createdAt: Boolean!, $quantity: Boolean!, $description: Boolean!) {
  toasties(last: $last) {
    id
    doneness @include(if: $doneness)
    customer @include(if: $customer)
    createdAt @include(if: $createdAt)
    ingredients { name quantity @include(if: $quantity) description @include(if: $description) }
  }
}`;

export function toastiesRequest(random: Random = Math.random): string {
  const flag = () => random() < 0.5;
  return body(TOASTIES_QUERY, {
    last: between(6, 35, random),
    doneness: flag(),
    customer: flag(),
    createdAt: flag(),
    quantity: flag(),
    description: flag(),
  });
}

/** Customers the writing scenarios order for: as many as make an order's variables unique in practice. */
export const CUSTOMERS = 5000;
export const customerName = (i: number) => `customer-${i}`;
export const randomCustomer = (random: Random = Math.random) => customerName(between(1, CUSTOMERS, random));

export const MAKE_TOASTIE_MUTATION =
  'mutation MakeToastie($fillings: [String!]!, $customer: String) { makeToastie(input: { fillings: $fillings, customer: $customer }) { id doneness } }';

/** A makeToastie of the given fillings (the database-limit scenario's order) for a random customer. */
export function makeToastieRequest(fillings: readonly string[], random: Random = Math.random): string {
  return body(MAKE_TOASTIE_MUTATION, { fillings, customer: randomCustomer(random) });
}

export const ORDERS_QUERY =
  'query Orders($customer: String) { orders(customer: $customer) { id customer status items { name quantity } } }';

export function ordersRequest(customers: number, random: Random = Math.random): string {
  return body(ORDERS_QUERY, { customer: customerName(between(1, customers, random)) });
}

export const RECENT_TOASTIES = body('query RecentToasties { toasties(last: 20) { id ingredients { name quantity } } }');

export const PERSISTED_OPERATIONS_DIR = join(repoRoot, 'persisted-operations');

/** The kiosk's persisted operations' hashes, by operation name, from its last manifest (the gateway reads the same). */
export function kioskOperations(dir = PERSISTED_OPERATIONS_DIR): Map<string, string> {
  const kiosk = readManifests(dir).manifests.filter(({ manifest }) => manifest.client.name === 'kiosk');
  const last = kiosk.at(-1);
  if (!last) throw new Error(`no kiosk manifest in ${dir}`);
  return new Map(last.manifest.operations.map((op) => [op.name, op.id]));
}

/** One of the kiosk's operations' hashes (from `kioskOperations`), or an error naming the one its manifest lacks. */
export function kioskHash(hashes: Map<string, string>, name: string): string {
  const id = hashes.get(name);
  if (!id) throw new Error(`the kiosk's manifest has no ${name}`);
  return id;
}

/** What the kiosk sends for a persisted operation: the hash only, as web/kiosk/graphqlClient.ts does. */
export function persistedRequest(hash: string, variables?: Record<string, unknown>): string {
  return JSON.stringify({
    ...(variables ? { variables } : {}),
    extensions: { persistedQuery: { version: 1, sha256Hash: hash } },
  });
}

/**
 * How often a busy kiosk sends each request: it polls the machine's status
 * every 2 s (30 a minute), and with an order every 20 s it also refreshes
 * stock and status after each (3 + 3) and, on the stall's board, the recent
 * toasties (3): 33 : 3 : 3 : 3.
 */
export const KIOSK_MIX = { MachineStatus: 11, Stock: 1, RecentToasties: 1, MakeToastie: 1 } as const;
export type KioskRequest = keyof typeof KIOSK_MIX;

export function drawKioskRequest(random: Random = Math.random): KioskRequest {
  const total = Object.values(KIOSK_MIX).reduce((a, b) => a + b, 0);
  let at = random() * total;
  for (const [name, weight] of Object.entries(KIOSK_MIX) as [KioskRequest, number][]) {
    if (at < weight) return name;
    at -= weight;
  }
  return 'MachineStatus';
}

/** The kiosk's own headers: it names itself to the gateway. */
export const KIOSK_HEADERS = { 'apollographql-client-name': 'kiosk', 'apollographql-client-version': '0.1.0' };

const DONENESS = ['LIGHT', 'MEDIUM', 'WELL_DONE'] as const;

/** Cheese, which every toastie must have, and each other filling on offer at 50%, as at the kiosk (bread is added by the machine). */
export function randomFillings(fillings: readonly string[], random: Random = Math.random): string[] {
  return ['cheese', ...fillings.filter((f) => f !== 'cheese' && random() < 0.5)];
}

/**
 * The kiosk's traffic: its persisted operations by hash, the recent toasties
 * as a full document (the kiosk's manifest has no such operation, so it is
 * what a board beside it would send), in KIOSK_MIX's proportions. Orders carry
 * cheese and any of the other fillings, a doneness and a fresh idempotency
 * key, as the kiosk's form does.
 */
export function kioskRequests(
  hashes: Map<string, string>,
  fillings: readonly string[],
  random: Random = Math.random,
): () => string {
  const hash = (name: string) => kioskHash(hashes, name);
  const status = persistedRequest(hash('MachineStatus'));
  const stock = persistedRequest(hash('Stock'));
  const makeToastie = hash('MakeToastie');
  return () => {
    switch (drawKioskRequest(random)) {
      case 'MachineStatus':
        return status;
      case 'Stock':
        return stock;
      case 'RecentToasties':
        return RECENT_TOASTIES;
      case 'MakeToastie':
        return persistedRequest(makeToastie, {
          fillings: randomFillings(fillings, random),
          doneness: pickFrom(DONENESS, random),
          idempotencyKey: randomUUID(),
        });
    }
  };
}
