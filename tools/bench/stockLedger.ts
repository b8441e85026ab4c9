import type { Db } from 'mongodb';
import { eventually } from '../dev/eventually.js';

export type Counts = Record<string, number>;

/** Stock levels and what all toasties hold, by ingredient, at one moment. */
export interface Ledger {
  stock: Counts;
  held: Counts;
  toasties: number;
}

export interface Conservation {
  ok: boolean;
  toastiesMade: number;
  /** By ingredient: how much stock went down, and how much more the toasties hold. */
  taken: Counts;
  held: Counts;
  /** Ingredients where the two differ: taken minus held (positive means stock was lost). */
  mismatches: Counts;
}

/**
 * Between two ledgers every unit that left the chilly bin must be in a toastie
 * made in between, and every toastie's ingredient must have left the chilly bin.
 */
export function checkConservation(before: Ledger, after: Ledger): Conservation {
  const names = new Set([...Object.keys(before.stock), ...Object.keys(after.stock), ...Object.keys(after.held)]);
  const taken: Counts = {};
  const held: Counts = {};
  const mismatches: Counts = {};
  for (const name of [...names].sort()) {
    taken[name] = (before.stock[name] ?? 0) - (after.stock[name] ?? 0);
    held[name] = (after.held[name] ?? 0) - (before.held[name] ?? 0);
    if (taken[name] !== held[name]) mismatches[name] = taken[name] - held[name];
  }
  return {
    ok: Object.keys(mismatches).length === 0,
    toastiesMade: after.toasties - before.toasties,
    taken,
    held,
    mismatches,
  };
}

/** jafflr: one document per toastie not yet settled. */
export const TOASTIES_IN_PROGRESS = 'toasties_in_progress';
/** chillybin: one document per pick still running. */
export const ORDERS_IN_PROGRESS = 'orders_in_progress';

/** A toastie recorded before statuses existed has none, and was made. */
export const MADE = { $or: [{ status: 'MADE' }, { status: { $exists: false } }] };

/**
 * Stock levels, and what the MADE toasties hold, by ingredient, read straight
 * from both services' databases. Between two ledgers of a settled system,
 * `checkConservation` must find no mismatch.
 */
export async function readLedger(chillybin: Db, jafflr: Db): Promise<Ledger> {
  const stock: Counts = {};
  const ingredients = chillybin.collection<{ name: string; quantity: number }>('ingredients');
  for (const { name, quantity } of await ingredients.find({}, { projection: { name: 1, quantity: 1 } }).toArray()) {
    stock[name] = quantity;
  }
  const held: Counts = {};
  let toasties = 0;
  const made = jafflr.collection<{ ingredients: string[] }>('toasties').find(MADE, { projection: { ingredients: 1 } });
  for (const { ingredients: names } of await made.toArray()) {
    toasties += 1;
    for (const name of names) held[name] = (held[name] ?? 0) + 1;
  }
  return { stock, held, toasties };
}

/** What is still under way; the system is settled when all of it is empty. */
export interface Unsettled {
  toastiesInProgress: number;
  ordersInProgress: number;
  /** The ingredients whose `holds` object is not empty, with it. */
  holds: Record<string, Record<string, number>>;
}

export async function readUnsettled(chillybin: Db, jafflr: Db): Promise<Unsettled> {
  const [toastiesInProgress, ordersInProgress, held] = await Promise.all([
    jafflr.collection(TOASTIES_IN_PROGRESS).countDocuments({}),
    chillybin.collection(ORDERS_IN_PROGRESS).countDocuments({}),
    chillybin
      .collection<{ name: string; holds?: Record<string, number> }>('ingredients')
      .find({}, { projection: { name: 1, holds: 1 } })
      .toArray(),
  ]);
  const holds = Object.fromEntries(
    held.filter((i) => Object.keys(i.holds ?? {}).length > 0).map((i) => [i.name, i.holds!] as const),
  );
  return { toastiesInProgress, ordersInProgress, holds };
}

export function isSettled({ toastiesInProgress, ordersInProgress, holds }: Unsettled): boolean {
  return toastiesInProgress === 0 && ordersInProgress === 0 && Object.keys(holds).length === 0;
}

export interface Settled {
  ledger: Ledger;
  /** How long it took to settle, from the call. */
  waitedMs: number;
}

/**
 * Polls both databases until the system is settled, then reads the ledger. The
 * ledger is kept only if the system is still settled after reading it, so a
 * request that started meanwhile cannot leave a half-made toastie in it.
 * Fails after `timeoutMs` with what was still under way.
 */
export async function waitSettled(
  chillybin: Db,
  jafflr: Db,
  { timeoutMs = 60_000, signal }: { timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<Settled> {
  const started = performance.now();
  let last: Unsettled | undefined;
  const ledger = await eventually(
    'the system settles',
    async () => {
      last = await readUnsettled(chillybin, jafflr);
      if (!isSettled(last)) return undefined;
      const read = await readLedger(chillybin, jafflr);
      last = await readUnsettled(chillybin, jafflr);
      return isSettled(last) ? read : undefined;
    },
    { timeoutMs, signal },
  ).catch((err: Error) => {
    throw new Error(`${err.message}; still under way: ${JSON.stringify(last)}`);
  });
  return { ledger, waitedMs: performance.now() - started };
}
