import type { MongoClient } from 'mongodb';
import { formatTable, type ScenarioResult } from './report.js';

/**
 * devdb's write gate lets one write command run at a time (tools/devdb/gate.go),
 * so a write-heavy scenario's ceiling is one write per hold of the gate. The
 * gate answers `devdbWriteGate` itself with its running totals; these are
 * them, read at one moment.
 */
export interface GateTotals {
  writes: number;
  heldNanos: number;
  queuedNanos: number;
  /** performance.now() when read. */
  atMs: number;
}

/** What writes did with the gate over some stretch of time. */
export interface GateUse {
  writes: number;
  heldMs: number;
  queuedMs: number;
  elapsedMs: number;
}

/** The gate's totals now, or undefined when the database is not devdb (it has no such command). */
export async function readWriteGate(client: MongoClient): Promise<GateTotals | undefined> {
  try {
    const reply = await client.db('admin').command({ devdbWriteGate: 1 });
    return {
      writes: Number(reply.writes),
      heldNanos: Number(reply.heldNanos),
      queuedNanos: Number(reply.queuedNanos),
      atMs: performance.now(),
    };
  } catch {
    return undefined;
  }
}

export function gateUseBetween(before: GateTotals, after: GateTotals): GateUse {
  return {
    writes: after.writes - before.writes,
    heldMs: (after.heldNanos - before.heldNanos) / 1e6,
    queuedMs: (after.queuedNanos - before.queuedNanos) / 1e6,
    elapsedMs: after.atMs - before.atMs,
  };
}

export function addGateUse(a: GateUse | undefined, b: GateUse): GateUse {
  if (!a) return b;
  return {
    writes: a.writes + b.writes,
    heldMs: a.heldMs + b.heldMs,
    queuedMs: a.queuedMs + b.queuedMs,
    elapsedMs: a.elapsedMs + b.elapsedMs,
  };
}

/**
 * For the scenarios that wrote: how much of the time a write held the gate
 * (near 100%, the database's write limit is what holds the scenario back),
 * and how long each write held it and queued for it.
 */
export function writeGateTable(results: readonly ScenarioResult[]): string | undefined {
  const writing = results.filter((r) => r.writeGate && r.writeGate.writes > 0);
  if (writing.length === 0) return undefined;
  return formatTable(
    ['#', 'writes/s', 'gate busy', 'held ms/write', 'queued ms/write'],
    writing.map(({ id, writeGate: use }) => {
      const { writes, heldMs, queuedMs, elapsedMs } = use!;
      return [
        id,
        ((writes * 1000) / elapsedMs).toFixed(0),
        `${Math.min(100, (heldMs / elapsedMs) * 100).toFixed(0)}%`,
        (heldMs / writes).toFixed(2),
        (queuedMs / writes).toFixed(1),
      ];
    }),
  );
}
