import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  service: string;
  version: string;
  level: LevelWithSilent;
  /** Where the JSON lines go; stdout unless given (tests capture them here). */
  destination?: DestinationStream;
}

/** Structured JSON logs on stdout, each line tagged with the service and its version. */
export function createLogger({ service, version, level, destination }: LoggerOptions): Logger {
  return pino({ level, base: { service, version } }, destination);
}
