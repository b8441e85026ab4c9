import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { Health, type ReadinessCheck } from '../../platform/health.js';
import { HttpService } from '../../platform/httpService.js';
import type { Logger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import type { GatewayConfig } from './config.js';
import { SubgraphFetcher } from './subgraphFetcher.js';
import { subgraphsOf } from './subgraphs.js';

export interface GatewayDeps {
  logger: Logger;
  version: string;
  supergraphSdl: string;
}

/** Ready when the subgraph answers a trivial query on one of its instances. */
function reachable(name: string, fetcher: SubgraphFetcher): ReadinessCheck {
  return {
    name: `subgraph ${name}`,
    check: async () => {
      const response = await fetcher.fetch('', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{__typename}"}',
      });
      if (!response.ok) throw new Error(`${name} answered HTTP ${response.status}`);
    },
  };
}

export function createServer(config: GatewayConfig, { logger, version, supergraphSdl }: GatewayDeps) {
  const subgraphs = subgraphsOf(supergraphSdl, config.subgraphUrls);
  const fetchers = new Map(
    subgraphs.map(({ name, urls }) => [
      name,
      new SubgraphFetcher({ name, urls, timeoutMs: config.subgraphTimeoutMs, logger }),
    ]),
  );

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) => {
      const fetcher = fetchers.get(name);
      if (!fetcher) throw new Error(`subgraph ${name} is not in the supergraph's join__Graph`);
      // The routing URL is only a label here: the fetcher picks among the instances.
      return new RemoteGraphQLDataSource({ url, fetcher: fetcher.fetch });
    },
  });

  const http = new HttpService<BaseContext>({
    logger,
    health: new Health([...fetchers].map(([name, fetcher]) => reachable(name, fetcher))),
    metrics: createMetrics({ service: 'gateway', version }),
    graphqlPaths: ['/', '/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: async () => {
      await Promise.all([...fetchers.values()].map((f) => f.close()));
    },
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
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
