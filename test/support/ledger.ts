import type { Db } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Counts, Ledger } from '../../tools/bench/stockLedger.js';
import { eventually } from '../../tools/dev/eventually.js';

// The contract of the crash-safe makeToastie saga (issue 10), read straight
// from both services' databases rather than through the graph, so that what is
// checked is what is stored, whatever the services answer.

/** jafflr: one document per toastie not yet settled. */
export const TOASTIES_IN_PROGRESS = 'toasties_in_progress';
/** chillybin: one document per pick still running. */
export const ORDERS_IN_PROGRESS = 'orders_in_progress';

/** A toastie recorded before statuses existed has none, and was made. */
export const MADE = { $or: [{ status: 'MADE' }, { status: { $exists: false } }] };

/**
 * Stock levels, and what the MADE toasties hold, by ingredient. Between two
 * ledgers of a settled system, `checkConservation` must find no mismatch.
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

/**
 * Once settled, `toasties(last: 20)` (`listed`, newest first, read from the
 * list of recent toasties) shows exactly the newest 20 MADE toasties stored:
 * none a crash left out of the list, none that was not made. Returns the
 * problems found, none when all holds.
 */
export async function recentToastieProblems(jafflr: Db, listed: string[]): Promise<string[]> {
  const newest = await jafflr
    .collection('toasties')
    .find(MADE, { sort: { createdAt: -1, _id: -1 }, limit: 20, projection: { _id: 1 } })
    .toArray();
  const stored = newest.map(({ _id }) => String(_id));
  const missing = stored.filter((id) => !listed.includes(id));
  const extra = listed.filter((id) => !stored.includes(id));
  const problems = [
    ...missing.map((id) => `toastie ${id}, MADE and among the newest 20, is not in toasties(last: 20)`),
    ...extra.map((id) => `toastie ${id} is in toasties(last: 20) but not among the newest 20 MADE`),
  ];
  if (problems.length === 0 && listed.join() !== stored.join()) problems.push('toasties(last: 20) is out of order');
  return problems;
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

export interface StockWatch {
  /** The lowest level seen of each ingredient so far. */
  readonly lowest: Counts;
  stop(): Promise<void>;
}

/**
 * Samples the stock levels every `intervalMs` until stopped, keeping the
 * lowest of each: a level below zero at any moment is stock oversold, even if
 * it is back up by the time the system settles. Reads that fail (the database
 * killed) are skipped.
 */
export function watchStock(chillybin: Db, { intervalMs = 100 } = {}): StockWatch {
  const lowest: Counts = {};
  const stopping = new AbortController();
  const ingredients = chillybin.collection<{ name: string; quantity: number }>('ingredients');
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      try {
        for (const { name, quantity } of await ingredients
          .find({}, { projection: { name: 1, quantity: 1 } })
          .toArray()) {
          lowest[name] = Math.min(lowest[name] ?? quantity, quantity);
        }
      } catch {
        // The database is away; the next sample tries again.
      }
      await sleep(intervalMs, undefined, { signal: stopping.signal }).catch(() => {});
    }
  })();
  return {
    lowest,
    async stop() {
      stopping.abort();
      await loop;
    },
  };
}
