import { Gauge, type Registry } from 'prom-client';
import { withTimeout } from '../../../../platform/health.js';
import type { Logger } from '../../../../platform/logger.js';
import type { StockRepository } from './StockRepository.js';

/**
 * Stock per ingredient, read from the database when Prometheus scrapes (never
 * per request), bounded by a timeout. When the read fails the levels are left
 * out rather than reported stale, and the success gauge says so.
 */
export function registerStockMetrics({
  registry,
  stock,
  timeoutMs,
  logger,
}: {
  registry: Registry;
  stock: StockRepository;
  timeoutMs: number;
  logger: Logger;
}): void {
  const success = new Gauge({
    name: 'chillybin_stock_collect_success',
    help: '1 when the last scrape read the stock levels from the database, else 0',
    registers: [registry],
  });
  new Gauge({
    name: 'chillybin_stock_quantity',
    help: 'How many of each ingredient are left in the chilly bin, read at scrape time',
    labelNames: ['ingredient'],
    registers: [registry],
    async collect() {
      this.reset();
      try {
        const levels = await withTimeout(stock.list(), timeoutMs, `stock levels not read within ${timeoutMs} ms`);
        for (const { name, quantity } of levels) this.set({ ingredient: name }, quantity);
        success.set(1);
      } catch (err) {
        logger.warn({ err }, 'could not read stock levels for /metrics');
        success.set(0);
      }
    },
  });
}
