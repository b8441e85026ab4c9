import { env, parseEnv, type Env } from '../../../platform/config.js';

export interface ChillybinConfig {
  port: number;
  host: string;
  mongodbUri: string;
  dbName: string;
  dbTimeoutMs: number;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  maxBodyBytes: number;
  shutdownGraceMs: number;
}

/** Every variable chillybin reads, with its rule and default; exported so deploy files can be checked against it. */
export const chillybinEnv = {
  CHILLYBIN_PORT: env.port(4001),
  HOST: env.host(),
  MONGODB_URI: env.mongoUri(),
  CHILLYBIN_DB: env.dbName('chillybin'),
  DB_TIMEOUT_MS: env.positiveInt(3000),
  LOG_LEVEL: env.logLevel(),
  NODE_ENV: env.nodeEnv(),
  MAX_BODY_BYTES: env.positiveInt(100_000),
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
};

export function loadConfig(source: Env): ChillybinConfig {
  const e = parseEnv(chillybinEnv, source);
  return {
    port: e.CHILLYBIN_PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dbName: e.CHILLYBIN_DB,
    dbTimeoutMs: e.DB_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
