import { Counter, type Registry } from 'prom-client';
import type { DeprecatedUse, UsageKind } from './deprecatedUsage.js';

export interface Client {
  name: string;
  version: string;
}

/** The report the schema check reads (`npm run schema:check -- --usage <file>`). */
export interface UsageReport {
  schemaVersion: 1;
  generatedAt: string;
  entries: UsageEntry[];
}

export interface UsageEntry {
  clientName: string;
  clientVersion: string;
  coordinate: string;
  kind: UsageKind;
  count: number;
}

/**
 * Client names and versions come from request headers, so anyone can make up
 * new ones; past this many, further clients are counted together as `other`
 * rather than growing the counters (and Prometheus series) without bound.
 */
export const MAX_CLIENTS = 200;
export const OTHER_CLIENT: Client = { name: 'other', version: 'other' };

const entryId = (e: Omit<UsageEntry, 'count'>) => JSON.stringify([e.clientName, e.clientVersion, e.coordinate, e.kind]);
const clientId = (c: Client) => JSON.stringify([c.name, c.version]);

/**
 * How often each client used each deprecated element, counted per request.
 * Kept in memory for the report and mirrored into a Prometheus counter.
 */
export class UsageCounts {
  private readonly entries = new Map<string, UsageEntry>();
  private readonly clients = new Set<string>();
  private readonly counter: Counter<'client_name' | 'client_version' | 'coordinate' | 'kind'>;

  /** `onRecord` sees each request's uses with the client as counted (past MAX_CLIENTS, `other`). */
  constructor(
    registry: Registry,
    private readonly onRecord?: (client: Client, uses: readonly DeprecatedUse[]) => void,
  ) {
    this.counter = new Counter({
      name: 'graphql_deprecated_usage_total',
      help: 'Requests that used a deprecated field, argument, enum value or input field, by client',
      labelNames: ['client_name', 'client_version', 'coordinate', 'kind'],
      registers: [registry],
    });
  }

  record(client: Client, uses: readonly DeprecatedUse[]): void {
    const counted = this.admit(client);
    for (const { coordinate, kind } of uses) {
      this.add({ clientName: counted.name, clientVersion: counted.version, coordinate, kind, count: 1 });
      this.counter.inc({ client_name: counted.name, client_version: counted.version, coordinate, kind });
    }
    this.onRecord?.(counted, uses);
  }

  /** Starts from an earlier report, so that a restart does not make deprecated elements look unused. */
  restore(report: UsageReport): void {
    for (const entry of report.entries) {
      this.clients.add(clientId({ name: entry.clientName, version: entry.clientVersion }));
      this.add({ ...entry });
    }
  }

  report(now = new Date()): UsageReport {
    const entries = [...this.entries.values()]
      .map((e) => ({ ...e }))
      .sort(
        (a, b) =>
          a.coordinate.localeCompare(b.coordinate) ||
          a.clientName.localeCompare(b.clientName) ||
          a.clientVersion.localeCompare(b.clientVersion),
      );
    return { schemaVersion: 1, generatedAt: now.toISOString(), entries };
  }

  private admit(client: Client): Client {
    const id = clientId(client);
    if (this.clients.has(id)) return client;
    if (this.clients.size >= MAX_CLIENTS) return OTHER_CLIENT;
    this.clients.add(id);
    return client;
  }

  private add(entry: UsageEntry): void {
    const id = entryId(entry);
    const known = this.entries.get(id);
    if (known) known.count += entry.count;
    else this.entries.set(id, entry);
  }
}
