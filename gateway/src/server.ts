import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import { Health, type ReadinessCheck } from '../../platform/health.js';
import { HttpService } from '../../platform/httpService.js';
import type { Logger } from '../../platform/logger.js';
import { createMetrics } from '../../platform/metrics.js';
import type { GatewayConfig } from './config.js';
import { subgraphsOf, type Subgraph } from './subgraphs.js';
import { createUsageTracking } from './usage/usageTracking.js';
import { webRoutes } from './webRoutes.js';

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
 * @apollo/gateway sends usage metrics to Apollo and probes cloud metadata
 * addresses (169.254.169.254) unless this is set; a gateway here talks only
 * to its subgraphs. Its only switch is this variable, read when it is built.
 */
function disableApolloTelemetry(): void {
  process.env.APOLLO_TELEMETRY_DISABLED = 'true';
}

export function createServer(config: GatewayConfig, { logger, version, supergraphSdl }: GatewayDeps) {
  disableApolloTelemetry();
  const subgraphs = subgraphsOf(supergraphSdl, config.subgraphUrls);
  const timeoutMs = config.subgraphTimeoutMs;

  const gateway = new ApolloGateway({
    supergraphSdl,
    logger,
    buildService: ({ name, url }) =>
      new RemoteGraphQLDataSource({
        url: config.subgraphUrls[name] ?? url,
        fetcher: ((input: string, init: RequestInit) =>
          fetch(input, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as never,
      }),
  });

  const metrics = createMetrics({ service: 'gateway', version });
  const usage = createUsageTracking({
    registry: metrics,
    logger,
    reportPath: config.usageReportPath,
    reportIntervalMs: config.usageReportIntervalMs,
  });
  const http = new HttpService<BaseContext>({
    logger,
    health: new Health(subgraphs.map((s) => reachable(s, timeoutMs))),
    metrics,
    graphqlPaths: ['/', '/graphql'],
    routes: { ...usage.routes, ...webRoutes(config.webDistPath, config.graphExplorer) },
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: usage.close,
  });
  const apollo = new ApolloServer<BaseContext>({
    gateway,
    logger,
    introspection: config.graphExplorer,
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    // runService owns the signals: Apollo's own handler would stop and re-raise
    // SIGTERM, cutting short what HttpService closes after draining (the usage report).
    stopOnTerminationSignals: false,
    plugins: [
      ...http.apolloPlugins(),
      usage.plugin,
      config.graphExplorer
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
    ],
  });
  http.mountGraphQL(apollo, async () => ({}));
  return { http, apollo, subgraphs, usage };
}
