import { withTimeout } from './withTimeout.js';

/** A dependency that must answer before the service takes traffic: the database, the subgraphs. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface ReadinessReport {
  ready: boolean;
  /** Each check's name, with 'ok' or what went wrong. */
  checks: Record<string, string>;
}

/**
 * Liveness is "the process answers"; readiness is "every dependency answers and
 * we are not shutting down". Readiness turns false the moment shutdown begins,
 * so a load balancer stops routing here before connections are drained.
 */
export class Health {
  private shuttingDown = false;

  constructor(
    private readonly checks: ReadinessCheck[],
    private readonly timeoutMs = 2000,
  ) {}

  beginShutdown(): void {
    this.shuttingDown = true;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  async readiness(): Promise<ReadinessReport> {
    if (this.shuttingDown) return { ready: false, checks: { shutdown: 'shutting down' } };
    const results = await Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await withTimeout(check(), this.timeoutMs, `${name} did not answer within ${this.timeoutMs} ms`);
          return [name, 'ok'] as const;
        } catch (err) {
          return [name, err instanceof Error ? err.message : String(err)] as const;
        }
      }),
    );
    return {
      ready: results.every(([, status]) => status === 'ok'),
      checks: Object.fromEntries(results),
    };
  }
}
