import { pino, type DestinationStream, type Logger as PinoLogger, type LevelWithSilent } from 'pino';
import pinoPretty from 'pino-pretty';
import type { ServiceConfig } from './config.js';
import { traceLogMixin } from './tracing.js';

export type Logger = PinoLogger;

/** JSON for machines (production, anything piped); pretty for a person at a terminal. */
export type LogFormat = 'json' | 'pretty';
export const LOG_FORMATS = ['json', 'pretty'] as const;

export interface LoggerOptions {
  service: string;
  version: string;
  level: LevelWithSilent;
  /** Where the lines go; stdout unless given (tests capture them here). */
  destination?: DestinationStream;
  /**
   * LOG_FORMAT, as the service's config read it. Unset: JSON into a given
   * destination (a program reads it), else chosen by `logFormatFor` from
   * `nodeEnv` and whether stdout is a terminal.
   */
  format?: LogFormat | undefined;
  nodeEnv?: string;
}

/**
 * LOG_FORMAT when set; otherwise pretty on a terminal outside production, and
 * JSON everywhere else, so that log collectors and pipes get one JSON object per line.
 */
export function logFormatFor({
  setting,
  nodeEnv,
  isTTY,
}: {
  setting: string | undefined;
  nodeEnv: string | undefined;
  isTTY: boolean | undefined;
}): LogFormat {
  if (setting === 'json' || setting === 'pretty') return setting;
  return isTTY === true && nodeEnv !== 'production' ? 'pretty' : 'json';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined ? '' : JSON.stringify(value);
}

/**
 * A pino line as a person reads it: time, level, service, message, then any
 * other fields; in colour when `colorize`. A line that is not pino JSON is
 * returned as it is. `npm start` formats its services' lines with this too.
 */
export function prettyLogLine({ colorize }: { colorize: boolean }): (line: string) => string {
  return pinoPretty.prettyFactory({
    colorize,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname,service,version',
    messageFormat: (log, messageKey, _level, { colors }) =>
      `${colors.cyan(text(log.service).padEnd(9))} ${text(log[messageKey])}`,
  });
}

/** Colour for a terminal that takes it (NO_COLOR and FORCE_COLOR are honoured). */
export const colorSupported: boolean = pinoPretty.isColorSupported;

/** Structured logs, each line tagged with the service and its version: JSON lines, or pretty ones for a terminal. */
export function createLogger({
  service,
  version,
  level,
  destination,
  nodeEnv,
  format = destination ? 'json' : logFormatFor({ setting: undefined, nodeEnv, isTTY: process.stdout.isTTY }),
}: LoggerOptions): Logger {
  // With tracing on, each line written inside a span carries its traceId; off, no mixin runs at all.
  const mixin = traceLogMixin();
  const options: pino.LoggerOptions = {
    level,
    base: { service, version },
    ...(mixin ? { mixin } : {}),
  };
  if (format === 'json') return pino(options, destination);
  const pretty = prettyLogLine({ colorize: destination === undefined && colorSupported });
  const out = destination ?? pino.destination({ fd: 1, sync: true });
  return pino(options, { write: (line: string) => out.write(pretty(line)) });
}

/** A service's logger, as its settings ask (LOG_LEVEL, LOG_FORMAT, NODE_ENV). */
export function serviceLogger(
  service: string,
  version: string,
  { logLevel, logFormat, nodeEnv }: Pick<ServiceConfig, 'logLevel' | 'logFormat' | 'nodeEnv'>,
): Logger {
  return createLogger({ service, version, level: logLevel, format: logFormat, nodeEnv });
}
