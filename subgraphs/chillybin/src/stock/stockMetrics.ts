import { Gauge, type Registry } from 'prom-client';
import { withTimeout } from '../../../../platform/withTimeout.js';
import type { Logger } from '../../../../platform/logger.js';
import type { Ingredient, StockRepository } from './StockRepository.js';

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
  // A scrape collects both gauges at the same moment; they share one read.
  let reading: Promise<Ingredient[] | undefined> | undefined;
  const read = () => {
    reading ??= withTimeout(stock.list(), timeoutMs, `stock levels not read within ${timeoutMs} ms`)
      .catch((err: unknown) => {
        logger.warn({ err }, 'could not read stock levels for /metrics');
        return undefined;
      })
      .finally(() => (reading = undefined));
    return reading;
  };

  new Gauge({
    name: 'chillybin_stock_quantity',
    help: 'How many of each ingredient are left in the chilly bin, read at scrape time',
    labelNames: ['ingredient'],
    registers: [registry],
    async collect() {
      this.reset();
      for (const { name, quantity } of (await read()) ?? []) this.set({ ingredient: name }, quantity);
    },
  });
  new Gauge({
    name: 'chillybin_stock_collect_success',
    help: '1 when this scrape read the stock levels from the database, else 0',
    registers: [registry],
    async collect() {
      this.set((await read()) ? 1 : 0);
    },
  });
}
