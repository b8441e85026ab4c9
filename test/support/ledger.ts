import type { Db } from 'mongodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { MADE, type Counts } from '../../tools/bench/stockLedger.js';

// What the crash test checks beyond the stock ledger and the settling
// (tools/bench/stockLedger.ts, shared with the benchmark), read straight from
// the databases rather than through the graph, so that what is checked is what
// is stored, whatever the services answer.

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
