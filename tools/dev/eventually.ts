import { setTimeout as sleep } from 'node:timers/promises';

export interface EventuallyOptions {
  /** How long to keep trying; then it fails, with the probe's last error if it threw. */
  timeoutMs?: number;
  /** The pause between two tries. */
  intervalMs?: number;
  /**
   * Stops the polling when it aborts (a test that timed out, a harness closing,
   * a process that exited before it was ready), throwing the signal's reason,
   * so that nothing it started outlives its owner.
   */
  signal?: AbortSignal;
}

/**
 * Polls `probe` until it returns a value other than undefined, and returns
 * that value: the one bounded wait of the tests and the tools (a process
 * becoming ready, the system settling), never a fixed sleep. A probe that
 * throws is tried again; the last error is reported if time runs out.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  { timeoutMs = 20_000, intervalMs = 50, signal }: EventuallyOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: string | undefined;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (err) {
      last = String(err);
    }
    await sleep(intervalMs, undefined, signal ? { signal } : undefined).catch((err: unknown) => {
      signal?.throwIfAborted();
      throw err;
    });
  }
  signal?.throwIfAborted();
  throw new Error(`${what}: not within ${timeoutMs} ms${last ? ` (last error: ${last})` : ''}`);
}
