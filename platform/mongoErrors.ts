import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';

// How the MongoDB driver's errors are told apart, for the subgraphs (which
// have a database); the gateway loads none of this, nor the driver.

/**
 * The driver's errors for a database that cannot be reached, as opposed to one
 * that refused a command. The driver lets a socket's own EPIPE or ECONNRESET
 * through unwrapped when the server goes away mid-write.
 */
export function isDatabaseOutage(err: unknown): boolean {
  if (err instanceof MongoServerSelectionError || err instanceof MongoNetworkError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && (code === 'EPIPE' || code === 'ECONNRESET');
}

/** MongoDB's E11000: an insert or update hit a unique index, such as a taken `_id`. */
export function isDuplicateKey(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === 11000;
}
