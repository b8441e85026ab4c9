/**
 * Rejects with `message` when `promise` has not settled within `ms`; the
 * timer is cleared as soon as it does. The work itself goes on: this bounds
 * how long a caller waits for something that takes no signal (a readiness
 * check, a read of the stock levels for /metrics). A call that can be
 * cancelled takes a deadline of its own instead (`Endpoints.post`, platform/upstream.ts).
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
