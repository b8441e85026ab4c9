import type { Logger } from '../../../platform/logger.js';
import type { UsageCount, UsageHistory } from '../../../platform/registry/UsageHistory.js';
import type { DeprecatedUse } from './deprecatedUsage.js';
import type { Client } from './UsageCounts.js';

/**
 * This gateway's deprecated usage, added to the registry's hourly buckets every
 * `intervalMs` and once more on stop. Only what was counted since the last write
 * is sent (`$inc`), so every gateway instance adds to the same buckets. A failed
 * write keeps its counts for the next one.
 */
export class UsageRegistrySink {
  private pending = new Map<string, UsageCount>();
  private timer?: NodeJS.Timeout;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly history: Pick<UsageHistory, 'add'>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  record(client: Client, uses: readonly DeprecatedUse[]): void {
    for (const { coordinate, kind } of uses) {
      const key = JSON.stringify([coordinate, kind, client.name, client.version]);
      const known = this.pending.get(key);
      if (known) known.count += 1;
      else
        this.pending.set(key, { coordinate, kind, clientName: client.name, clientVersion: client.version, count: 1 });
    }
  }

  start(): void {
    this.timer = setInterval(() => void this.flush(), this.intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }

  flush(): Promise<void> {
    this.writing = this.writing.then(async () => {
      if (this.pending.size === 0) return;
      const batch = this.pending;
      this.pending = new Map();
      try {
        await this.history.add([...batch.values()]);
      } catch (err) {
        this.logger.error({ err }, 'could not add deprecated usage to the registry; will try again');
        for (const [key, count] of batch) {
          const known = this.pending.get(key);
          if (known) known.count += count.count;
          else this.pending.set(key, count);
        }
      }
    });
    return this.writing;
  }
}
