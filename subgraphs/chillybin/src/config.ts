import { env, parseEnv, type Env } from '../../../platform/config.js';
import { DEVELOPMENT_ADMIN_TOKEN, DEVELOPMENT_SUBGRAPH_SECRET } from '../../../platform/secrets.js';

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
  /** GraphQL requests without it (as x-subgraph-secret) are refused: only the gateway and jafflr have it. */
  subgraphSecret: string;
  /** `restock` needs `authorization: Bearer <adminToken>`. */
  adminToken: string;
}

/** Every variable chillybin reads, with its rule and default; exported so deploy files can be checked against it. */
export const chillybinEnv = (source: Env) => ({
  CHILLYBIN_PORT: env.port(4001),
  HOST: env.host(),
  MONGODB_URI: env.mongoUri(),
  CHILLYBIN_DB: env.dbName('chillybin'),
  DB_TIMEOUT_MS: env.positiveInt(3000),
  LOG_LEVEL: env.logLevel(),
  NODE_ENV: env.nodeEnv(),
  MAX_BODY_BYTES: env.positiveInt(100_000),
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
  SUBGRAPH_SECRET: env.secret(source.NODE_ENV === 'production', DEVELOPMENT_SUBGRAPH_SECRET),
  ADMIN_TOKEN: env.secret(source.NODE_ENV === 'production', DEVELOPMENT_ADMIN_TOKEN),
});

export function loadConfig(source: Env): ChillybinConfig {
  const e = parseEnv(chillybinEnv(source), source);
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
    subgraphSecret: e.SUBGRAPH_SECRET,
    adminToken: e.ADMIN_TOKEN,
  };
}
