import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
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

export function createServer(config: GatewayConfig, { logger, version, supergraphSdl }: GatewayDeps) {
  const subgraphs = subgraphsOf(supergraphSdl, config.subgraphUrls);
  const timeoutMs = config.subgraphTimeoutMs;

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
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
