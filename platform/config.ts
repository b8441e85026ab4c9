import { z } from 'zod';
import { LOG_FORMATS, type LogFormat } from './logger.js';
import { DEVELOPMENT_SUBGRAPH_SECRET } from './secrets.js';
import { StartupError } from './startupError.js';

export class ConfigError extends StartupError {
  override name = 'ConfigError';

  /** `who` is the service or tool that read the settings, such as `chillybin` or `npm run db:setup (jafflr)`. */
  constructor(
    readonly problems: string[],
    who?: string,
  ) {
    const heading = who ? `Invalid configuration for ${who}:` : 'Invalid configuration:';
    super(`${heading}\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

export type Env = Record<string, string | undefined>;

/**
 * What to do about a setting that is missing or wrong, where the variable's
 * name alone does not say: added to its problem, so that a newcomer's first
 * failure names the next step.
 */
const remedies: Record<string, string> = {
  MONGODB_URI:
    'start a database with `npm run devdb` and set MONGODB_URI to the URI it prints, or point it at a running MongoDB (`npm start` starts one by itself)',
  SUBGRAPH_SECRET: 'set it to a random string, such as the output of `openssl rand -base64 24`',
  ADMIN_TOKEN: 'set it to a random string, such as the output of `openssl rand -base64 24`',
};

/**
 * Validates the environment against a schema keyed by variable name, once, at
 * start-up. Every problem is reported together, each naming its variable.
 */
export function parseEnv<S extends z.ZodRawShape>(shape: S, env: Env, who?: string): z.infer<z.ZodObject<S>> {
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(present);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        // The variable, not the place inside it (a URL list's element, say).
        const name = String(issue.path[0] ?? '');
        const value = present[name];
        // zod's own words for a missing string ("expected string, received undefined") say nothing to a person.
        const message =
          value === undefined && issue.code === 'invalid_type' && issue.message.startsWith('Invalid input')
            ? 'is required'
            : issue.message;
        const shown = value === undefined ? 'not set' : `got ${JSON.stringify(value)}`;
        const remedy = remedies[name];
        return `${name}: ${message} (${shown})${remedy ? `; ${remedy}` : ''}`;
      }),
      who,
    );
  }
  return result.data;
}

const flagValue = () =>
  z.enum(['true', 'false', '1', '0'], { error: 'must be true or false' }).transform((v) => v === 'true' || v === '1');

/** Field types that every service's config uses. */
export const env = {
  port: (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback),
  host: (fallback = '127.0.0.1') => z.string().min(1).default(fallback),
  httpUrl: () => z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
  /** One or more http(s) URLs, comma-separated: the instances of one service. */
  httpUrls: () =>
    z
      .string()
      .transform((list) =>
        list
          .split(',')
          .map((url) => url.trim())
          .filter((url) => url !== ''),
      )
      .pipe(z.array(z.url({ protocol: /^https?$/, error: 'must be http(s) URLs, comma-separated' })).min(1)),
  mongoUri: () => z.string().regex(/^mongodb(\+srv)?:\/\/.+/, 'must be a mongodb:// or mongodb+srv:// URI'),
  dbName: (fallback: string) =>
    z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be a MongoDB database name (letters, digits, _ and -)')
      .default(fallback),
  positiveInt: (fallback: number) => z.coerce.number().int().positive().default(fallback),
  nonNegativeInt: (fallback: number) => z.coerce.number().int().min(0).default(fallback),
  nonNegativeNumber: (fallback: number) => z.coerce.number().min(0).default(fallback),
  logLevel: () => z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Unset, the logger decides by the terminal (platform/logger.ts logFormatFor). */
  logFormat: () => z.enum(LOG_FORMATS, { error: 'must be json or pretty' }).optional(),
  nodeEnv: () => z.enum(['development', 'production', 'test']).default('development'),
  /**
   * A shared secret of at least 16 characters. Required in production; outside
   * it, `developmentDefault` is used when unset so that a service started on
   * its own still works (`npm start` and the tests pass random ones instead).
   */
  secret: (production: boolean, developmentDefault: string) => {
    const secret = z.string({ error: 'is required in production' }).min(16, 'must be at least 16 characters');
    return production ? secret : secret.default(developmentDefault);
  },
  flag: (fallback: boolean) => flagValue().default(fallback),
  /** A flag whose default depends on another setting, so the caller applies it. */
  optionalFlag: () => flagValue().optional(),
};

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type NodeEnv = 'development' | 'production' | 'test';

/** What every service is configured with, whatever else it does. */
export interface ServiceConfig {
  host: string;
  logLevel: LogLevel;
  /** LOG_FORMAT; unset, pretty on a terminal outside production, JSON otherwise. */
  logFormat?: LogFormat | undefined;
  nodeEnv: NodeEnv;
  maxBodyBytes: number;
  /** How long in-flight requests may take to finish once shutdown begins. */
  shutdownGraceMs: number;
  /** Sent as x-subgraph-secret by the gateway and jafflr; subgraphs refuse GraphQL requests without it. */
  subgraphSecret: string;
}

/** The variables behind `ServiceConfig`, for a service's env shape. */
export function serviceEnv(source: Env, { shutdownGraceMs }: { shutdownGraceMs: number }) {
  return {
    HOST: env.host(),
    LOG_LEVEL: env.logLevel(),
    LOG_FORMAT: env.logFormat(),
    NODE_ENV: env.nodeEnv(),
    MAX_BODY_BYTES: env.positiveInt(100_000),
    SHUTDOWN_GRACE_MS: env.positiveInt(shutdownGraceMs),
    SUBGRAPH_SECRET: env.secret(source.NODE_ENV === 'production', DEVELOPMENT_SUBGRAPH_SECRET),
    ...tracingEnv(),
  };
}

const otelExporter = /^\s*(otlp|console|zipkin|none)\s*(,\s*(otlp|console|zipkin|none)\s*)*$/;

/**
 * The standard OpenTelemetry variables the README documents, checked with the
 * rest; the SDK reads them itself (platform/tracing.ts says when it runs).
 */
export function tracingEnv() {
  return {
    OTEL_SDK_DISABLED: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
    OTEL_TRACES_EXPORTER: z
      .string()
      .regex(otelExporter, 'must be otlp, console, zipkin or none, comma-separated')
      .optional(),
    OTEL_EXPORTER_OTLP_ENDPOINT: env.httpUrl().optional(),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.httpUrl().optional(),
    OTEL_EXPORTER_OTLP_PROTOCOL: z.enum(['http/protobuf', 'http/json', 'grpc']).optional(),
    OTEL_SERVICE_NAME: z.string().optional(),
    OTEL_TRACES_SAMPLER: z
      .enum([
        'always_on',
        'always_off',
        'traceidratio',
        'parentbased_always_on',
        'parentbased_always_off',
        'parentbased_traceidratio',
      ])
      .optional(),
    OTEL_TRACES_SAMPLER_ARG: z.coerce.number().min(0).max(1).optional(),
  };
}

type ServiceEnv = z.infer<z.ZodObject<ReturnType<typeof serviceEnv>>>;

export function serviceConfigOf(e: ServiceEnv): ServiceConfig {
  return {
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    nodeEnv: e.NODE_ENV,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    subgraphSecret: e.SUBGRAPH_SECRET,
  };
}

/** What every service with a database of its own is configured with. */
export interface DatabaseConfig {
  mongodbUri: string;
  dbName: string;
  /** Bounds server selection, connecting and each database call. */
  dbTimeoutMs: number;
}

/** The variables behind `DatabaseConfig`: the server, the service's own database (`dbVariable`), the timeout. */
export function databaseEnv<V extends string>(dbVariable: V, defaultDbName: string) {
  return {
    MONGODB_URI: env.mongoUri(),
    ...({ [dbVariable]: env.dbName(defaultDbName) } as Record<V, ReturnType<typeof env.dbName>>),
    DB_TIMEOUT_MS: env.positiveInt(3000),
  };
}

export function databaseConfigOf<V extends string>(
  e: { MONGODB_URI: string; DB_TIMEOUT_MS: number } & Record<V, string>,
  dbVariable: V,
): DatabaseConfig {
  return { mongodbUri: e.MONGODB_URI, dbName: e[dbVariable], dbTimeoutMs: e.DB_TIMEOUT_MS };
}
