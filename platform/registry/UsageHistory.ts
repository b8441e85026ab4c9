import { MongoBulkWriteError, type AnyBulkWriteOperation, type Collection, type Db } from 'mongodb';
import { USAGE } from './SchemaRegistry.js';

export type UsageKind = 'FIELD' | 'ARGUMENT' | 'ENUM_VALUE' | 'INPUT_FIELD';

/** How often one client used one deprecated element. */
export interface UsageCount {
  coordinate: string;
  kind: UsageKind;
  clientName: string;
  clientVersion: string;
  count: number;
}

/** One coordinate, client and hour: every gateway instance adds to the same document. */
interface UsageBucket extends UsageCount {
  _id: string;
  hour: Date;
}

const HOUR_MS = 3_600_000;
export const hourOf = (at: Date) => new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);

/**
 * Deprecated usage from every gateway, in hourly buckets, so that a check can ask
 * "used in the last N days". The `_id` names the bucket, so an upsert with `$inc`
 * finds it by primary key on any MongoDB-compatible database.
 */
export class UsageHistory {
  private readonly buckets: Collection<UsageBucket>;

  constructor(db: Db) {
    this.buckets = db.collection<UsageBucket>(USAGE);
  }

  async add(counts: UsageCount[], at = new Date()): Promise<void> {
    if (counts.length === 0) return;
    const hour = hourOf(at);
    const operations: AnyBulkWriteOperation<UsageBucket>[] = counts.map((c) => ({
      updateOne: {
        filter: { _id: JSON.stringify([hour.toISOString(), c.coordinate, c.kind, c.clientName, c.clientVersion]) },
        update: {
          $inc: { count: c.count },
          $setOnInsert: {
            hour,
            coordinate: c.coordinate,
            kind: c.kind,
            clientName: c.clientName,
            clientVersion: c.clientVersion,
          },
        },
        upsert: true,
      },
    }));
    try {
      await this.buckets.bulkWrite(operations, { ordered: false });
    } catch (err) {
      // Two gateways creating the same bucket at once: one upsert loses on the `_id`. Only those are sent again
      // (the others were counted); by then the bucket exists, so the second try is a plain `$inc`.
      if (!(err instanceof MongoBulkWriteError)) throw err;
      const writeErrors = [err.writeErrors].flat();
      if (!writeErrors.every((e) => e.code === 11000)) throw err;
      await this.buckets.bulkWrite(
        writeErrors.map((e) => operations[e.index]!),
        { ordered: false },
      );
    }
  }

  /** Totals per coordinate and client since `since`. */
  async since(since: Date): Promise<UsageCount[]> {
    const totals = new Map<string, UsageCount>();
    for await (const b of this.buckets.find({ hour: { $gte: since } })) {
      const key = JSON.stringify([b.coordinate, b.kind, b.clientName, b.clientVersion]);
      const known = totals.get(key);
      if (known) known.count += b.count;
      else
        totals.set(key, {
          coordinate: b.coordinate,
          kind: b.kind,
          clientName: b.clientName,
          clientVersion: b.clientVersion,
          count: b.count,
        });
    }
    return [...totals.values()].sort(
      (a, b) => a.coordinate.localeCompare(b.coordinate) || a.clientName.localeCompare(b.clientName),
    );
  }

  /** Counts per coordinate, client and UTC day since `since`, oldest day first: deprecated usage over time. */
  async daily(since: Date): Promise<(UsageCount & { day: string })[]> {
    const totals = new Map<string, UsageCount & { day: string }>();
    for await (const b of this.buckets.find({ hour: { $gte: since } })) {
      const day = b.hour.toISOString().slice(0, 10);
      const key = JSON.stringify([day, b.coordinate, b.kind, b.clientName, b.clientVersion]);
      const known = totals.get(key);
      if (known) known.count += b.count;
      else
        totals.set(key, {
          day,
          coordinate: b.coordinate,
          kind: b.kind,
          clientName: b.clientName,
          clientVersion: b.clientVersion,
          count: b.count,
        });
    }
    return [...totals.values()].sort((a, b) => a.day.localeCompare(b.day) || a.coordinate.localeCompare(b.coordinate));
  }

  /** Counts per hour of one coordinate since `since`, oldest first: how its use falls. */
  async hourly(coordinate: string, since: Date): Promise<{ hour: Date; count: number }[]> {
    const byHour = new Map<number, number>();
    for await (const b of this.buckets.find({ coordinate, hour: { $gte: since } })) {
      byHour.set(b.hour.getTime(), (byHour.get(b.hour.getTime()) ?? 0) + b.count);
    }
    return [...byHour].sort(([a], [b]) => a - b).map(([t, count]) => ({ hour: new Date(t), count }));
  }
}
