/**
 * A failure to start that is not a bug: a bad setting, a database that cannot
 * be reached, an index that clashes, a port in use. Its message says what was
 * tried and what to do, and is all a person needs: `main` prints it alone,
 * where anything else is printed with its stack.
 */
export class StartupError extends Error {
  override name = 'StartupError';
}
