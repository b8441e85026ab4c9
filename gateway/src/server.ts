import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { createErrorFormatter } from '../../platform/errors.js';
import { explorerOptions } from '../../platform/explorer.js';
import { knownOperationTypes } from '../../platform/knownOperationTypes.js';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import type { DocumentNode } from 'graphql';
import { Health, type ReadinessCheck } from '../../platform/health.js';
import { HttpService } from '../../platform/httpService.js';
import type { Logger } from '../../platform/logger.js';
import type { RequestScope } from '../../platform/requestScope.js';
import { createMetrics } from '../../platform/metrics.js';
import type { GatewayConfig } from './config.js';
import type { GatewayContext } from './context.js';
import { mergeClientQueries } from './mergeClientQueries.js';
import { batchSubgraphReads, subgraphBatchHistogram } from './batchSubgraphReads.js';
import { mergeSubgraphFetches } from './mergeSubgraphFetches.js';
import { operationLimitOptions, withLimitCode } from './operationLimits.js';
import type { GatewayRegistry } from './registry/gatewayRegistry.js';
import { registryPage } from './registry/registryPage.js';
import { RegistrySupergraphManager } from './registry/RegistrySupergraphManager.js';
import { fileLabel, supergraphVersionHeader } from './registry/supergraphVersionHeader.js';
import { readManifests } from './persistedOperations/manifest.js';
import { persistedOperations } from './persistedOperations/persistedOperationsPlugin.js';
import { SubgraphDataSource, subgraphFetchHistogram } from './SubgraphDataSource.js';
import { PlanShortcut } from './planShortcut.js';
import { SubgraphFetcher } from './subgraphFetcher.js';
import { subgraphsOf } from './subgraphs.js';
import { UsageRegistrySink } from './usage/UsageRegistrySink.js';
import { createUsageTracking } from './usage/usageTracking.js';
import { landingPage } from './landingPage.js';
import { LearntOperations } from './learntOperations.js';
import { hasDocs, webRoutes } from './webRoutes.js';

export interface GatewayDeps {
  logger: Logger;
  version: string;
  /** The supergraph to start with: the file's, or the registry's current version's. */
  supergraphSdl: string;
  /** The schema registry, when configured: usage goes there, and with `initial` the gateway follows its versions. */
  registry?: GatewayRegistry;
}

/** Ready when the subgraph answers a trivial query on one of its instances. */
function reachable(name: string, fetcher: SubgraphFetcher): ReadinessCheck {
  return {
    name: `subgraph ${name}`,
    check: async () => {
      const answer = await fetcher.send({
        body: '{"query":"query GatewayReadiness { __typename }"}',
        headers: {},
        readsOnly: true,
      });
      if (answer.status < 200 || answer.status > 299) throw new Error(`${name} answered HTTP ${answer.status}`);
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

/**
 * The gateway as a value: nothing listens, no timer runs and no global is
 * touched until `http.listen` (the usage report's timer and the registry's
 * usage sink are background work, started there). The process entry point,
 * runGateway.ts, turns Apollo's telemetry off.
 */
export function createServer(config: GatewayConfig, { logger, version, supergraphSdl, registry }: GatewayDeps) {
  const subgraphs = subgraphsOf(supergraphSdl, config.subgraphUrls);
  const metrics = createMetrics({ service: 'gateway', version });
  const fetchDuration = subgraphFetchHistogram(metrics);
  const batchSize = subgraphBatchHistogram(metrics);
  const fetcherFor = (name: string, urls: readonly string[]) =>
    new SubgraphFetcher({
      name,
      urls,
      timeoutMs: config.subgraphTimeoutMs,
      subgraphSecret: config.subgraphSecret,
      logger,
    });
  const fetchers = new Map(subgraphs.map(({ name, urls }) => [name, fetcherFor(name, urls)]));

  const manager =
    registry?.initial &&
    new RegistrySupergraphManager({
      schemas: registry.open.schemas,
      initial: registry.initial,
      pollMs: config.supergraphPollMs,
      logger,
      metrics,
    });

  const dataSources = new Map<string, SubgraphDataSource>();
  const shortcut = new PlanShortcut((name) => dataSources.get(name));
  const gateway = new ApolloGateway({
    supergraphSdl: manager || supergraphSdl,
    logger,
    queryPlannerConfig: { cache: new InMemoryLRUCache({ maxSize: CACHE_APPROX_BYTES }) },
    experimental_didResolveQueryPlan: shortcut.learn,
    buildService: ({ name, url }) => {
      let fetcher = fetchers.get(name);
      // A subgraph that a later registry version added: its routing URL, unless configured.
      if (!fetcher && url) {
        const urls = config.subgraphUrls[name] ?? [url];
        fetcher = fetcherFor(name, urls);
        fetchers.set(name, fetcher);
      }
      if (!fetcher) throw new Error(`subgraph ${name} is not in the supergraph's join__Graph`);
      // The routing URL is only a default here: the fetcher picks among the instances.
      const send = batchSubgraphReads(fetcher.send, {
        maxBatch: config.subgraphBatchMax,
        maxBytes: config.maxBodyBytes,
        onBatch: (size) => batchSize.observe({ subgraph: name }, size),
        onRefused: (status, restMs) =>
          logger.warn(
            { subgraph: name, status, restMs },
            'the subgraph refused a batch of reads: each goes alone for a while',
          ),
      });
      const dataSource = new SubgraphDataSource({ name, send: mergeSubgraphFetches(send), fetchDuration });
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });

  const usage = createUsageTracking({
    registry: metrics,
    logger,
    reportPath: config.usageReportPath,
    reportIntervalMs: config.usageReportIntervalMs,
    sink: registry && new UsageRegistrySink(registry.open.usage, config.usageReportIntervalMs, logger),
  });
  const health = new Health([...fetchers].map(([name, fetcher]) => reachable(name, fetcher)));
  const http = new HttpService<GatewayContext>({
    logger,
    health,
    metrics,
    graphqlPaths: ['/', '/graphql'],
    routes: {
      ...usage.routes,
      ...webRoutes(config.webDistPath, config.graphExplorer),
      ...(registry
        ? registryPage(registry.open, logger, config.nodeEnv === 'production' ? { adminToken: config.adminToken } : {})
        : {}),
    },
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
    background: usage.background,
    onClose: async () => {
      await Promise.all([...fetchers.values()].map((f) => f.close()));
      await registry?.open.close();
    },
  });
  const formatError = createErrorFormatter(logger);
  const explorer = explorerOptions<GatewayContext>(
    config.graphExplorer,
    landingPage({ registry: Boolean(registry), docs: hasDocs(config.webDistPath) }),
  );
  const limits = operationLimitOptions(config.limits);
  // Read at start: a manifest that does not parse stops the gateway here, never a request later.
  const persistedManifests = readManifests(config.persistedOperationsDir);
  const persisted = persistedOperations({
    policy: config.persistedOperations,
    operations: persistedManifests,
    registry: metrics,
    logger,
    exemptExplorers: config.graphExplorer && config.nodeEnv !== 'production',
  });
  const versionHeader = supergraphVersionHeader(gateway, (sdl) => (manager ? String(manager.handing) : fileLabel(sdl)));
  const contextOf = async (req: IncomingMessage, scope: RequestScope): Promise<GatewayContext> => ({
    ...scope,
    authorization: req.headers.authorization,
  });
  // LEARNT_OPERATIONS=false: nothing learnt, every request through Apollo Server.
  const learnt = config.learntOperations
    ? new LearntOperations({
        shortcut,
        onSchema: (listener) => gateway.onSchemaLoadOrUpdate(({ apiSchema }) => listener(apiSchema)),
        serving: () => !health.isShuttingDown,
        manifestDocument: (hash) => persistedManifests.bodies.get(hash),
        admission: persisted.admission,
        recordUsage: usage.record,
        versionLabel: versionHeader.labelOf,
        observer: http.observer,
        contextOf,
        maxDocumentChars: CACHE_APPROX_BYTES,
        registry: metrics,
      })
    : undefined;
  const apollo = new ApolloServer<GatewayContext>({
    gateway: shortcut.around(gateway),
    logger,
    // runService owns SIGINT/SIGTERM; Apollo's own handler would re-raise the signal mid-shutdown.
    stopOnTerminationSignals: false,
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: CACHE_APPROX_BYTES }),
    introspection: explorer.introspection,
    // CSRF prevention is Apollo Server's default; kept on, and said so here so that no one turns it off by accident.
    csrfPrevention: true,
    persistedQueries: persisted.persistedQueries,
    parseOptions: limits.parseOptions,
    validationRules: [knownOperationTypes, ...limits.validationRules],
    formatError: (formatted, error) => formatError(withLimitCode(formatted), error),
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    plugins: [
      ...http.apolloPlugins(),
      usage.plugin,
      versionHeader.plugin,
      persisted.plugin,
      ...(learnt ? [learnt.plugin] : []),
      // The longest plan here is two fetches one after the other, each within SUBGRAPH_TIMEOUT_MS; twice that to spare.
      mergeClientQueries({ maxWaitMs: 4 * config.subgraphTimeoutMs }),
      // No @cacheControl hints and no response cache: no cache policy to work out on each request.
      ApolloServerPluginCacheControlDisabled(),
      explorer.landingPage,
    ],
  });
  http.mountGraphQL(apollo, contextOf, learnt);
  return { http, apollo, subgraphs, usage, supergraph: manager };
}
