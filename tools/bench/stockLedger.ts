import type { Db } from 'mongodb';

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

/** Reads the ledger straight from both services' databases. */
export async function readLedger(chillybin: Db, jafflr: Db): Promise<Ledger> {
  const stock: Counts = {};
  for (const { name, quantity } of await chillybin.collection('ingredients').find({}).toArray()) {
    stock[name as string] = quantity as number;
  }
  const held: Counts = {};
  let toasties = 0;
  // Only made toasties hold stock: a failed one's picks went back (or are being put back), and a
  // pending one is still being decided (the ledger is read until it is still). Under overload many
  // fail, and counting them showed stock "found" that was only put back.
  for (const { ingredients } of await jafflr
    .collection('toasties')
    .find({ status: { $nin: ['PENDING', 'FAILED'] } }, { projection: { ingredients: 1 } })
    .toArray()) {
    toasties += 1;
    for (const name of ingredients as string[]) held[name] = (held[name] ?? 0) + 1;
  }
  return { stock, held, toasties };
}

/**
 * A ledger once the system is still: when a load run ends, toasties already
 * asked for are still being made (picked but not yet recorded), so the ledger
 * is read until two reads `intervalMs` apart agree, for at most `timeoutMs`.
 */
export async function readSettledLedger(
  read: () => Promise<Ledger>,
  { intervalMs = 250, timeoutMs = 15_000 }: { intervalMs?: number; timeoutMs?: number } = {},
): Promise<Ledger> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
    const next = await read();
    if (JSON.stringify(next) === JSON.stringify(last) || Date.now() >= deadline) return next;
    last = next;
  }
}
