import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { Db, MongoClient } from 'mongodb';
import { createErrorFormatter } from '../../../platform/errors.js';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import type { ChillybinConfig } from './config.js';
import { createContext, type ChillybinContext } from './context.js';
import { schema } from './schema.js';
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
  const health = new Health([mongoReadinessCheck(db)]);
  const http = new HttpService<ChillybinContext>({
    logger,
    health,
    metrics: createMetrics({ service: 'chillybin', version }),
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: () => mongo.close(),
  });
  const apollo = new ApolloServer<ChillybinContext>({
    schema,
    formatError: createErrorFormatter(logger),
    includeStacktraceInErrorResponses: config.nodeEnv !== 'production',
    logger,
    // runService owns SIGINT/SIGTERM; Apollo's own handler would re-raise the signal after stopping,
    // which runService takes for a second Ctrl-C and exits 1 mid-drain.
    stopOnTerminationSignals: false,
    // No Apollo Studio here, so no per-request trace for the gateway to forward.
    plugins: [...http.apolloPlugins(), ApolloServerPluginInlineTraceDisabled()],
  });
  http.mountGraphQL(apollo, async () => createContext(stock));
  return { http, apollo, db, stock, health };
}
