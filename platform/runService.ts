import type { Logger } from './logger.js';
import { StartupError } from './startupError.js';
import { stopTracing } from './tracing.js';

export interface Runnable {
  listen(port: number, host: string): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The process side of a service: listen, then on SIGINT or SIGTERM stop
 * gracefully and exit 0. A second signal exits at once.
 */
export async function runService(
  name: string,
  service: Runnable,
  { port, host, logger }: { port: number; host: string; logger: Logger },
): Promise<void> {
  const url = await service.listen(port, host).catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw err;
    throw new StartupError(
      `${name} could not listen on ${host}:${port}: something else listens there. Stop it, or give ${name} another port.`,
      {
        cause: err,
      },
    );
  });
  logger.info({ url }, `${name} ready at ${url}`);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, `${name} shutting down`);
    // The last requests' spans are sent before the process ends.
    const stopped = service.stop().then(stopTracing);
    stopped.then(
      () => {
        logger.info(`${name} stopped`);
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, `${name} did not stop cleanly`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

/**
 * Runs a process entry point; when it fails, exits 1 after printing a known
 * start-up failure (a `StartupError`: a bad setting, a database out of reach,
 * a port in use) as its message alone, and anything else in full, stack and
 * causes included, since that is a bug to find.
 */
export function main(entry: () => Promise<void>): void {
  entry().catch((err: unknown) => {
    console.error(err instanceof StartupError ? err.message : err);
    process.exit(1);
  });
}
