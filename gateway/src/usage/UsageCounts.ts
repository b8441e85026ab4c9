import { Counter, type Registry } from 'prom-client';
import type { DeprecatedUse, UsageKind } from './deprecatedUsage.js';

export interface Client {
  name: string;
  version: string;
}

export interface UsageEntry extends Client {
  coordinate: string;
  kind: UsageKind;
  count: number;
}

/** The report the schema check reads (`npm run schema:check -- --usage <file>`). */
export interface UsageReport {
  schemaVersion: 1;
  generatedAt: string;
  entries: { clientName: string; clientVersion: string; coordinate: string; kind: UsageKind; count: number }[];
}

/**
 * How often each client used each deprecated element, counted per request.
 * Kept in memory for the report and mirrored into a Prometheus counter.
 */
export class UsageCounts {
  private readonly entries = new Map<string, UsageEntry>();
  private readonly counter: Counter<'client_name' | 'client_version' | 'coordinate' | 'kind'>;

  constructor(registry: Registry) {
    this.counter = new Counter({
      name: 'graphql_deprecated_usage_total',
      help: 'Requests that used a deprecated field, argument, enum value or input field, by client',
      labelNames: ['client_name', 'client_version', 'coordinate', 'kind'],
      registers: [registry],
    });
  }

  record(client: Client, uses: readonly DeprecatedUse[], times = 1): void {
    for (const { coordinate, kind } of uses) {
      const id = JSON.stringify([client.name, client.version, coordinate, kind]);
      const entry = this.entries.get(id);
      if (entry) entry.count += times;
      else this.entries.set(id, { ...client, coordinate, kind, count: times });
      this.counter.inc({ client_name: client.name, client_version: client.version, coordinate, kind }, times);
    }
  }

  /** Starts from an earlier report, so that a restart does not make deprecated elements look unused. */
  restore(report: UsageReport): void {
    for (const e of report.entries) {
      const id = JSON.stringify([e.clientName, e.clientVersion, e.coordinate, e.kind]);
      const entry = this.entries.get(id);
      if (entry) entry.count += e.count;
      else this.entries.set(id, { name: e.clientName, version: e.clientVersion, coordinate: e.coordinate, kind: e.kind, count: e.count });
    }
  }

  report(now = new Date()): UsageReport {
    const entries = [...this.entries.values()]
      .map(({ name, version, coordinate, kind, count }) => ({ clientName: name, clientVersion: version, coordinate, kind, count }))
      .sort(
        (a, b) =>
          a.coordinate.localeCompare(b.coordinate) ||
          a.clientName.localeCompare(b.clientName) ||
          a.clientVersion.localeCompare(b.clientVersion),
      );
    return { schemaVersion: 1, generatedAt: now.toISOString(), entries };
  }
}
