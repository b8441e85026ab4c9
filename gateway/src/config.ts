import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import {
  ConfigError,
  env,
  parseEnv,
  serviceConfigOf,
  serviceEnv,
  type Env,
  type ServiceConfig,
} from '../../platform/config.js';
import { registryConfigOf, registryEnv, type RegistryConfig } from '../../platform/registry/registryConfig.js';
import type { OperationLimits } from './operationLimits.js';
import {
  PERSISTED_OPERATION_POLICIES,
  type PersistedOperationPolicy,
} from './persistedOperations/persistedOperationsPlugin.js';

export interface GatewayConfig extends ServiceConfig {
  port: number;
  supergraphPath: string;
  /** Subgraph URLs that replace the supergraph's routing URL, by subgraph name: one per instance. */
  subgraphUrls: Record<string, string[]>;
  subgraphTimeoutMs: number;
  /** Apollo Sandbox, GraphiQL and introspection: on outside production unless turned off. */
  graphExplorer: boolean;
  limits: OperationLimits;
  /** Where the deprecated-usage report is kept; none is written when unset. */
  usageReportPath?: string;
  usageReportIntervalMs: number;
  /** The built frontend: `kiosk/` and `graphiql/` inside it. */
  webDistPath: string;
  /** Where the supergraph comes from: the file `supergraphPath`, or the schema registry's current version. */
  supergraphSource: 'file' | 'registry';
  /** How often the registry's current version is looked at. */
  supergraphPollMs: number;
  /** The schema registry, when the supergraph comes from it or REGISTRY_MONGODB_URI is set; usage is kept there too. */
  registry?: RegistryConfig;
  /** In production, `/registry` answers only `authorization: Bearer <ADMIN_TOKEN>`, and is off without one. */
  adminToken?: string;
  /** What is done with an operation in no manifest of `persistedOperationsDir`. */
  persistedOperations: PersistedOperationPolicy;
  /** The clients' persisted-operations manifests, one file per client version. */
  persistedOperationsDir: string;
  /** Whether operations run before are answered ahead of Apollo Server (learntOperations.ts): a switch, on unless turned off. */
  learntOperations: boolean;
  /** The most reads sent to a subgraph in one HTTP request (batchSubgraphReads.ts); 1 sends each alone. */
  subgraphBatchMax: number;
}

const defaultSupergraph = fileURLToPath(new URL('../../supergraph.graphql', import.meta.url));
const defaultWebDist = fileURLToPath(new URL('../../web/dist', import.meta.url));
const defaultPersistedOperations = fileURLToPath(new URL('../../persisted-operations', import.meta.url));

/** Every variable the gateway reads, with its rule and default; exported so deploy files can be checked against it. */
export const gatewayEnv = (source: Env) => ({
  ...serviceEnv(source, { shutdownGraceMs: 10_000 }),
  GATEWAY_PORT: env.port(4000),
  SUPERGRAPH_PATH: z.string().min(1).default(defaultSupergraph),
  CHILLYBIN_URL: env.httpUrls().optional(),
  JAFFLR_URL: env.httpUrls().optional(),
  // Above the longest cook (a BURNT toastie, 10 s) and its pick; Apollo Router's default is 30 s.
  SUBGRAPH_TIMEOUT_MS: env.positiveInt(15_000),
  // Its default hangs on NODE_ENV, so it is settled in loadConfig.
  GRAPH_EXPLORER: env.optionalFlag(),
  MAX_DEPTH: env.positiveInt(8),
  MAX_ALIASES: env.positiveInt(15),
  MAX_TOKENS: env.positiveInt(1000),
  USAGE_REPORT_PATH: z.string().min(1).optional(),
  USAGE_REPORT_INTERVAL_MS: env.positiveInt(60_000),
  WEB_DIST: z.string().min(1).default(defaultWebDist),
  SUPERGRAPH_SOURCE: z.enum(['file', 'registry']).default('file'),
  SUPERGRAPH_POLL_MS: env.positiveInt(5000),
  ...registryEnv(),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  // Its default hangs on NODE_ENV too: `off` in development, `log` in production.
  PERSISTED_OPERATIONS: z.enum(PERSISTED_OPERATION_POLICIES).optional(),
  PERSISTED_OPERATIONS_DIR: z.string().min(1).default(defaultPersistedOperations),
  LEARNT_OPERATIONS: env.flag(true),
  SUBGRAPH_BATCH_MAX: env.positiveInt(16),
});

function registryOf(
  e: { SUPERGRAPH_SOURCE: 'file' | 'registry'; REGISTRY_MONGODB_URI?: string | undefined } & Parameters<
    typeof registryConfigOf
  >[0],
  who: string,
) {
  // MONGODB_URI alone does not turn the registry on: it may be set for the subgraphs in a shared .env.
  if (e.SUPERGRAPH_SOURCE === 'file' && !e.REGISTRY_MONGODB_URI) return undefined;
  const registry = registryConfigOf(e);
  if (!registry) {
    throw new ConfigError(
      ['SUPERGRAPH_SOURCE: registry needs REGISTRY_MONGODB_URI or MONGODB_URI (neither is set)'],
      who,
    );
  }
  return registry;
}

/** `who` names the reader in a configuration error: the service, or a tool run with its settings. */
export function loadConfig(source: Env, who = 'gateway'): GatewayConfig {
  const e = parseEnv(gatewayEnv(source), source, who);
  const subgraphUrls: Record<string, string[]> = {};
  if (e.CHILLYBIN_URL) subgraphUrls.chillybin = e.CHILLYBIN_URL;
  if (e.JAFFLR_URL) subgraphUrls.jafflr = e.JAFFLR_URL;
  const registry = registryOf(e, who);
  return {
    ...serviceConfigOf(e),
    port: e.GATEWAY_PORT,
    supergraphPath: e.SUPERGRAPH_PATH,
    subgraphUrls,
    subgraphTimeoutMs: e.SUBGRAPH_TIMEOUT_MS,
    graphExplorer: e.GRAPH_EXPLORER ?? e.NODE_ENV !== 'production',
    limits: { maxDepth: e.MAX_DEPTH, maxAliases: e.MAX_ALIASES, maxTokens: e.MAX_TOKENS },
    ...(e.USAGE_REPORT_PATH ? { usageReportPath: resolve(e.USAGE_REPORT_PATH) } : {}),
    usageReportIntervalMs: e.USAGE_REPORT_INTERVAL_MS,
    webDistPath: resolve(e.WEB_DIST),
    supergraphSource: e.SUPERGRAPH_SOURCE,
    supergraphPollMs: e.SUPERGRAPH_POLL_MS,
    ...(registry ? { registry } : {}),
    ...(e.ADMIN_TOKEN ? { adminToken: e.ADMIN_TOKEN } : {}),
    persistedOperations: e.PERSISTED_OPERATIONS ?? (e.NODE_ENV === 'production' ? 'log' : 'off'),
    persistedOperationsDir: resolve(e.PERSISTED_OPERATIONS_DIR),
    learntOperations: e.LEARNT_OPERATIONS,
    subgraphBatchMax: e.SUBGRAPH_BATCH_MAX,
  };
}
