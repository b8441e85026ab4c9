import type { Logger } from './logger.js';

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
  const url = await service.listen(port, host);
  logger.info({ url }, `${name} ready at ${url}`);

  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal, exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, `${name} shutting down`);
    service.stop().then(
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

/** Runs a process entry point, printing a configuration or start-up error plainly and exiting 1. */
export function main(entry: () => Promise<void>): void {
  entry().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
