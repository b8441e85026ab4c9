import DataLoader from 'dataloader';
import type { MongoClient } from 'mongodb';
import { Admission } from '../../../platform/admission.js';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import { createSubgraphApollo } from '../../../platform/subgraphApollo.js';
import { ChillybinClient } from './chillybin/ChillybinClient.js';
import type { JafflrConfig } from './config.js';
import type { JafflrContext } from './context.js';
import { FeatureFlags } from './features/FeatureFlags.js';
import { schema } from './schema.js';
import { ChillybinPicker } from './toasties/ChillybinPicker.js';
import { Grill } from './toasties/Grill.js';
import { ToastieKeyRepository } from './toasties/ToastieKeyRepository.js';
import { ToastieMaker } from './toasties/ToastieMaker.js';
import { ToastieRepository } from './toasties/ToastieRepository.js';
import { ToastieSettler } from './toasties/ToastieSettler.js';
import { ToastiesInProgress } from './toasties/ToastiesInProgress.js';

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
  const grill = new Grill(config.cookTimeScale);
  const features = new FeatureFlags(db, {
    env: config.featurePickV2 ? { 'pick.v2': config.featurePickV2 } : {},
    cacheMs: config.featuresCacheMs,
    logger,
  });
  const metrics = createMetrics({ service: 'jafflr', version });
  const picker = new ChillybinPicker(chillybin);
  const inProgress = new ToastiesInProgress(db);
  const keys = new ToastieKeyRepository(db);
  const settler = new ToastieSettler(
    inProgress,
    toasties,
    keys,
    picker,
    logger.child({ component: 'settler' }),
    metrics,
    {
      intervalMs: config.settleIntervalMs,
      retentionMs: config.keyRetentionMs,
    },
  );
  const admission = new Admission({
    name: 'jafflr_toasties',
    noun: 'toasties',
    atOnce: config.toastiesAtOnce,
    waiting: config.toastiesWaiting,
    registry: metrics,
  });
  const maker = new ToastieMaker(picker, toasties, inProgress, keys, settler, features, grill, admission, metrics, {
    deadlineMs: config.toastieDeadlineMs,
  });

  const http = new HttpService<JafflrContext>({
    logger,
    health: new Health([mongoReadinessCheck(db)]),
    metrics,
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    subgraphSecret: config.subgraphSecret,
    shutdownGraceMs: config.shutdownGraceMs,
    background: [settler],
    onClose: async () => {
      await chillybin.close();
      await mongo.close();
    },
  });
  const apollo = createSubgraphApollo({ schema, logger, nodeEnv: config.nodeEnv, http });
  http.mountGraphQL(apollo, async (_req, scope) => ({
    ...scope,
    toasties,
    latestToasties: new DataLoader((limits) => toasties.latestPages(limits)),
    maker,
    grill,
  }));
  return { http, apollo, db, grill, settler, maker };
}
