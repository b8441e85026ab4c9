import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  service: string;
  version: string;
  level: LevelWithSilent;
}

/** Structured JSON logs on stdout, each line tagged with the service and its version. */
export function createLogger({ service, version, level }: LoggerOptions): Logger {
  return pino({ level, base: { service, version } });
}
