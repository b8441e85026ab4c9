import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import type { MongoClient } from 'mongodb';
import { createErrorFormatter } from '../../../platform/errors.js';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import { ChillybinClient } from './chillybin/ChillybinClient.js';
import type { JafflrConfig } from './config.js';
import type { JafflrContext } from './context.js';
import { schema } from './schema.js';
import { Grill } from './toasties/Grill.js';
import { ToastieMaker } from './toasties/ToastieMaker.js';
import { ToastieRepository } from './toasties/ToastieRepository.js';

export interface JafflrDeps {
  logger: Logger;
  version: string;
  /** Owned by the server from here on: closed when it stops. */
  mongo: MongoClient;
}

export function createServer(config: JafflrConfig, { logger, version, mongo }: JafflrDeps) {
  const db = mongo.db(config.dbName);
  const toasties = new ToastieRepository(db);
  const chillybin = new ChillybinClient({ url: config.chillybinUrl, timeoutMs: config.chillybinTimeoutMs, logger });
  const grill = new Grill(config.cookTimeScale);
  const maker = new ToastieMaker(chillybin, toasties, grill, logger);
  const context: JafflrContext = { toasties, maker, grill };

  const http = new HttpService<JafflrContext>({
    logger,
    health: new Health([mongoReadinessCheck(db)]),
    metrics: createMetrics({ service: 'jafflr', version }),
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: async () => {
      await chillybin.close();
      await mongo.close();
    },
  });
  const apollo = new ApolloServer<JafflrContext>({
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
  http.mountGraphQL(apollo, async () => context);
  return { http, apollo, db, grill };
}
