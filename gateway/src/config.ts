import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { env, parseEnv, type Env } from '../../platform/config.js';
import { DEVELOPMENT_SUBGRAPH_SECRET } from '../../platform/secrets.js';
import type { OperationLimits } from './operationLimits.js';

export interface GatewayConfig {
  port: number;
  host: string;
  supergraphPath: string;
  /** Subgraph URLs that replace the supergraph's routing URL, by subgraph name: one per instance. */
  subgraphUrls: Record<string, string[]>;
  subgraphTimeoutMs: number;
  /** Apollo Sandbox, GraphiQL and introspection: on outside production unless turned off. */
  graphExplorer: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  nodeEnv: 'development' | 'production' | 'test';
  maxBodyBytes: number;
  shutdownGraceMs: number;
  /** Sent to every subgraph as x-subgraph-secret; they refuse GraphQL requests without it. */
  subgraphSecret: string;
  limits: OperationLimits;
  /** Where the deprecated-usage report is kept; none is written when unset. */
  usageReportPath?: string;
  usageReportIntervalMs: number;
  /** The built frontend: `kiosk/` and `graphiql/` inside it. */
  webDistPath: string;
}

const defaultSupergraph = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));
const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Every variable the gateway reads, with its rule and default; exported so deploy files can be checked against it. */
export const gatewayEnv = (source: Env) => ({
  GATEWAY_PORT: env.port(4000),
  HOST: env.host(),
  SUPERGRAPH_PATH: env.host(defaultSupergraph),
  CHILLYBIN_URL: env.httpUrls().optional(),
  JAFFLR_URL: env.httpUrls().optional(),
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
  // Its default hangs on NODE_ENV, so it is settled in loadConfig.
  GRAPH_EXPLORER: env.optionalFlag(),
  LOG_LEVEL: env.logLevel(),
  NODE_ENV: env.nodeEnv(),
  MAX_BODY_BYTES: env.positiveInt(100_000),
  SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
  SUBGRAPH_SECRET: env.secret(source.NODE_ENV === 'production', DEVELOPMENT_SUBGRAPH_SECRET),
  MAX_DEPTH: env.positiveInt(8),
  MAX_ALIASES: env.positiveInt(15),
  MAX_TOKENS: env.positiveInt(1000),
  USAGE_REPORT_PATH: z.string().min(1).optional(),
  USAGE_REPORT_INTERVAL_MS: env.positiveInt(60_000),
  WEB_DIST: z.string().min(1).default(defaultWebDist),
});

export function loadConfig(source: Env): GatewayConfig {
  const e = parseEnv(gatewayEnv(source), source);
  const subgraphUrls: Record<string, string[]> = {};
  if (e.CHILLYBIN_URL) subgraphUrls.chillybin = e.CHILLYBIN_URL;
  if (e.JAFFLR_URL) subgraphUrls.jafflr = e.JAFFLR_URL;
  return {
    port: e.GATEWAY_PORT,
    host: e.HOST,
    supergraphPath: e.SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    graphExplorer: e.GRAPH_EXPLORER ?? e.NODE_ENV !== 'production',
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    subgraphSecret: e.SUBGRAPH_SECRET,
    limits: { maxDepth: e.MAX_DEPTH, maxAliases: e.MAX_ALIASES, maxTokens: e.MAX_TOKENS },
    ...(e.USAGE_REPORT_PATH ? { usageReportPath: resolve(e.USAGE_REPORT_PATH) } : {}),
    usageReportIntervalMs: e.USAGE_REPORT_INTERVAL_MS,
    webDistPath: resolve(e.WEB_DIST),
  };
}
