import type { MongoClient } from 'mongodb';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import { createSubgraphApollo } from '../../../platform/subgraphApollo.js';
import { ChillybinClient } from './chillybin/ChillybinClient.js';
import { PutBackOutbox } from './chillybin/PutBackOutbox.js';
import type { JafflrConfig } from './config.js';
import type { JafflrContext } from './context.js';
import { FeatureFlags } from './features/FeatureFlags.js';
import { schema } from './schema.js';
import { ChillybinPicker } from './toasties/ChillybinPicker.js';
import { Grill } from './toasties/Grill.js';
import { ToastieKeyRepository } from './toasties/ToastieKeyRepository.js';
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
  const chillybin = new ChillybinClient({
    urls: config.chillybinUrls,
    timeoutMs: config.chillybinTimeoutMs,
    subgraphSecret: config.subgraphSecret,
  });
  const outbox = new PutBackOutbox(
    db,
    chillybin,
    async (id) => (await toasties.findById(id)) !== null,
    logger,
    config.putBackRetryMs,
  );
  outbox.start();
  const grill = new Grill(config.cookTimeScale);
  const features = new FeatureFlags(db, {
    env: config.featurePickV2 ? { 'pick.v2': config.featurePickV2 } : {},
    cacheMs: config.featuresCacheMs,
    logger,
  });
  const maker = new ToastieMaker(
    new ChillybinPicker(chillybin, outbox),
    toasties,
    new ToastieKeyRepository(db),
    features,
    grill,
    // Room for the first call's pick, its one retry and a cancel, each bounded by the client's timeout,
    // and for recording the cancel as owed, bounded by the database's.
    { waitMs: 3 * config.chillybinTimeoutMs + config.dbTimeoutMs + 1000 },
  );

  const http = new HttpService<JafflrContext>({
    logger,
    health: new Health([mongoReadinessCheck(db)]),
    metrics: createMetrics({ service: 'jafflr', version }),
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    subgraphSecret: config.subgraphSecret,
    shutdownGraceMs: config.shutdownGraceMs,
    onClose: async () => {
      await outbox.stop();
      await chillybin.close();
      await mongo.close();
    },
  });
  const apollo = createSubgraphApollo({ schema, logger, nodeEnv: config.nodeEnv, http });
  http.mountGraphQL(apollo, async (_req, scope) => ({ ...scope, toasties, maker, grill }));
  return { http, apollo, db, grill, outbox };
}
