import type { Db, MongoClient } from 'mongodb';
import { Admission } from '../../../platform/admission.js';
import { Health } from '../../../platform/health.js';
import { HttpService } from '../../../platform/httpService.js';
import type { Logger } from '../../../platform/logger.js';
import { createMetrics } from '../../../platform/metrics.js';
import { mongoReadinessCheck } from '../../../platform/mongo.js';
import { createSubgraphApollo } from '../../../platform/subgraphApollo.js';
import { adminGuard } from '../../../platform/secrets.js';
import type { ChillybinConfig } from './config.js';
import { createContext, type ChillybinContext } from './context.js';
import { OrderPicker } from './orders/OrderPicker.js';
import { OrderRepository } from './orders/OrderRepository.js';
import { OrderSweeper } from './orders/OrderSweeper.js';
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
  // Undoing (putBack, cancelOrder) takes no turn: it must not wait behind the picks it makes room for.
  const pickTurns = new Admission({
    name: 'chillybin_picks',
    noun: 'picks',
    atOnce: config.picksAtOnce,
    waiting: config.picksWaiting,
    registry: metrics,
  });
  registerStockMetrics({ registry: metrics, stock, timeoutMs: config.dbTimeoutMs, logger });
  const sweeper = new OrderSweeper(picker, orders, stock, logger.child({ component: 'sweeper' }), metrics, {
    intervalMs: config.sweepIntervalMs,
    retentionMs: config.orderRetentionMs,
  });
  const http = new HttpService<ChillybinContext>({
    logger,
    health,
    metrics,
    graphqlPaths: ['/graphql'],
    maxBodyBytes: config.maxBodyBytes,
    subgraphSecret: config.subgraphSecret,
    shutdownGraceMs: config.shutdownGraceMs,
    background: [sweeper],
    onClose: () => mongo.close(),
  });
  const apollo = createSubgraphApollo({ schema, logger, nodeEnv: config.nodeEnv, http });
  http.mountGraphQL(apollo, async (req, scope) =>
    createContext(
      stock,
      orders,
      picker,
      pickTurns,
      scope,
      adminGuard(config.adminToken, req.headers.authorization),
      config.pickDeadlineMs,
    ),
  );
  return { http, apollo, db, stock, orders, health, sweeper };
}
