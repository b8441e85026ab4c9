import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { Health, type ReadinessCheck } from '../../platform/health.js';
import { HttpService } from '../../platform/httpService.js';
import type { Logger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import type { GatewayConfig } from './config.js';
import { dedupeInflightQueries } from './inflightQueries.js';
import { subgraphsOf, type Subgraph } from './subgraphs.js';

export interface GatewayDeps {
  logger: Logger;
  version: string;
  supergraphSdl: string;
}

function reachable({ name, url }: Subgraph, timeoutMs: number): ReadinessCheck {
  return {
    name: `subgraph ${name}`,
    check: async () => {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{__typename}"}',
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`${url} answered HTTP ${response.status}`);
    },
  };
}

/**
 * Caps for the parsed-document and query-plan caches. The LRU sizes are
 * JSON lengths, several times smaller than what the objects take in memory,
 * and Apollo's defaults (30 MiB each) let the heap grow by hundreds of MiB
 * under many distinct operations; a kiosk sends a handful, which these hold easily.
 */
const CACHE_APPROX_BYTES = 4 * 2 ** 20;

export function createServer(config: GatewayConfig, { logger, version, supergraphSdl }: GatewayDeps) {
  const subgraphs = subgraphsOf(supergraphSdl, config.subgraphUrls);
  const timeoutMs = config.subgraphTimeoutMs;

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    queryPlannerConfig: { cache: new InMemoryLRUCache({ maxSize: CACHE_APPROX_BYTES }) },
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: config.subgraphUrls[name] ?? url,
        fetcher: dedupeInflightQueries((input, init) =>
          fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) }),
        ) as never,
      }),
  });

  const http = new HttpService<BaseContext>({
    logger,
    health: new Health(subgraphs.map((s) => reachable(s, timeoutMs))),
    metrics: createMetrics({ service: 'gateway', version }),
    graphqlPaths: ['/', '/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
    // runService owns SIGINT/SIGTERM; Apollo's own handler would re-raise the signal after stopping,
    // which runService takes for a second Ctrl-C and exits 1 mid-drain.
    stopOnTerminationSignals: false,
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: CACHE_APPROX_BYTES }),
    introspection: config.graphExplorer,
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    plugins: [
      ...http.apolloPlugins(),
      config.graphExplorer
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  http.mountGraphQL(apollo, async () => ({}));
  return { http, apollo, subgraphs };
}
