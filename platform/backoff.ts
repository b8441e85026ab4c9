export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
  /** Stands in for Math.random in tests. */
  random?: () => number;
}

/**
 * Per-item exponential backoff with full jitter (AWS's "Exponential Backoff
 * And Jitter"): after the n-th failure in a row an item waits a random time
 * up to base × 2ⁿ, capped, so that many items failing together spread their
 * retries instead of returning as one storm.
 */
export class Backoff {
  private readonly failures = new Map<string, { count: number; retryAt: number }>();
  private readonly random: () => number;

  constructor(private readonly options: BackoffOptions) {
    this.random = options.random ?? Math.random;
  }

  /** Whether the item may be tried now. */
  ready(key: string, now = Date.now()): boolean {
    const entry = this.failures.get(key);
    return !entry || entry.retryAt <= now;
  }

  /** Records a failure; returns how long the item now waits. */
  failed(key: string, now = Date.now()): number {
    const count = (this.failures.get(key)?.count ?? 0) + 1;
    const ceiling = Math.min(this.options.maxMs, this.options.baseMs * 2 ** Math.min(count, 30));
    const waitMs = Math.round(this.random() * ceiling);
    this.failures.set(key, { count, retryAt: now + waitMs });
    return waitMs;
  }

  forget(key: string): void {
    this.failures.delete(key);
  }
}
