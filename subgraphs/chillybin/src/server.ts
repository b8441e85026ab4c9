import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { Db, MongoClient } from 'mongodb';
import { createErrorFormatter } from '../../../platform/errors.js';
import { explorerOptions } from '../../../platform/explorer.js';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import { adminGuard } from '../../../platform/secrets.js';
import type { ChillybinConfig } from './config.js';
import { createContext, type ChillybinContext } from './context.js';
import { OrderPicker } from './orders/OrderPicker.js';
import { OrderRepository } from './orders/OrderRepository.js';
import { schema } from './schema.js';
import { registerStockMetrics } from './stock/stockMetrics.js';
import { StockRepository } from './stock/StockRepository.js';

export interface ChillybinDeps {
  logger: Logger;
  version: string;
  /** Owned by the server from here on: closed when it stops. */
  mongo: MongoClient;
}

export function createServer(config: ChillybinConfig, { logger, version, mongo }: ChillybinDeps) {
  const db: Db = mongo.db(config.dbName);
  const stock = new StockRepository(db);
  const orders = new OrderRepository(db);
  const picker = new OrderPicker(stock, orders, logger);
  const health = new Health([mongoReadinessCheck(db)]);
  const metrics = createMetrics({ service: 'chillybin', version });
  registerStockMetrics({ registry: metrics, stock, timeoutMs: config.dbTimeoutMs, logger });
  const http = new HttpService<ChillybinContext>({
    logger,
    health,
    metrics,
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    subgraphSecret: config.subgraphSecret,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: () => mongo.close(),
  });
  const explorer = explorerOptions<ChillybinContext>(config.nodeEnv !== 'production');
  const apollo = new ApolloServer<ChillybinContext>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    introspection: explorer.introspection,
    logger,
    // runService owns SIGINT/SIGTERM; Apollo's own handler would re-raise the signal after stopping,
    // which runService takes for a second Ctrl-C and exits 1 mid-drain.
    stopOnTerminationSignals: false,
    // No Apollo Studio here, so no per-request trace for the gateway to forward.
    plugins: [...http.apolloPlugins(), ApolloServerPluginInlineTraceDisabled(), explorer.landingPage],
  });
  http.mountGraphQL(apollo, async (req, scope) =>
    createContext(stock, orders, picker, scope, adminGuard(config.adminToken, req.headers.authorization)),
  );
  return { http, apollo, db, stock, orders, health };
}
