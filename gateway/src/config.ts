import { fileURLToPath } from 'node:url';
import { env, parseEnv, type Env } from '../../platform/config.js';

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
}

const defaultSupergraph = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));

export function loadConfig(source: Env): GatewayConfig {
  const e = parseEnv(
    {
      GATEWAY_PORT: env.port(4000),
      HOST: env.host(),
      SUPERGRAPH_PATH: env.host(defaultSupergraph),
      CHILLYBIN_URL: env.httpUrls().optional(),
      JAFFLR_URL: env.httpUrls().optional(),
      SUBGRAPH_TIMEOUT_MS: env.positiveInt(5000),
      GRAPH_EXPLORER: env.flag(source.NODE_ENV !== 'production'),
      LOG_LEVEL: env.logLevel(),
      NODE_ENV: env.nodeEnv(),
      MAX_BODY_BYTES: env.positiveInt(100_000),
      SHUTDOWN_GRACE_MS: env.positiveInt(10_000),
    },
    source,
  );
  const subgraphUrls: Record<string, string[]> = {};
  if (e.CHILLYBIN_URL) subgraphUrls.chillybin = e.CHILLYBIN_URL;
  if (e.JAFFLR_URL) subgraphUrls.jafflr = e.JAFFLR_URL;
  return {
    port: e.GATEWAY_PORT,
    host: e.HOST,
    supergraphPath: e.SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    graphExplorer: e.GRAPH_EXPLORER,
    logLevel: e.LOG_LEVEL,
    nodeEnv: e.NODE_ENV,
    maxBodyBytes: e.MAX_BODY_BYTES,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
  };
}
