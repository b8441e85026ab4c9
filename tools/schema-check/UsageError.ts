/** A mistake in the command line (a ref that does not exist, a file that cannot be read): exit code 3. */
export class UsageError extends Error {
  override name = 'UsageError';
}
