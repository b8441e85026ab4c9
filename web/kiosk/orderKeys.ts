/**
 * Failures after which the same order may be sent again: the stall was busy,
 * away or slow, and the key makes sure a second send makes one toastie at most.
 */
const RETRYABLE = new Set([
  'NETWORK',
  'SUBGRAPH_UNAVAILABLE',
  'CHILLYBIN_UNAVAILABLE',
  'DATABASE_UNAVAILABLE',
  'DEADLINE_EXCEEDED',
  'OVERLOADED',
  'CONFLICT',
]);

export function isRetryable(code: unknown): boolean {
  return code === undefined || (typeof code === 'string' && RETRYABLE.has(code));
}

/**
 * The idempotency key of each order: a new one for a new order, the same one
 * while the same order is sent again after a failure that may not have been
 * final (an error without a code is a lost connection, the likeliest of all).
 */
export class OrderKeys {
  private pending?: { order: string; key: string };

  constructor(private readonly newKey: () => string = () => crypto.randomUUID()) {}

  keyFor(order: unknown): string {
    const fingerprint = JSON.stringify(order);
    if (this.pending?.order !== fingerprint) this.pending = { order: fingerprint, key: this.newKey() };
    return this.pending.key;
  }

  /** The order was answered: keep its key only if the answer may not have been final. */
  answered(code: unknown): void {
    if (!isRetryable(code)) this.pending = undefined;
  }
}
