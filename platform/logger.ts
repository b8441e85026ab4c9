import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import { traceLogMixin } from './tracing.js';

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
  // With tracing on, each line written inside a span carries its traceId; off, no mixin runs at all.
  const mixin = traceLogMixin();
  return pino({ level, base: { service, version }, ...(mixin ? { mixin } : {}) }, destination);
}
