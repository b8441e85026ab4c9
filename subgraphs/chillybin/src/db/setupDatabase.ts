import type { Db } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../../../../platform/mongo.js';
import { OrderRepository } from '../orders/OrderRepository.js';
import { DEFAULT_STOCK } from '../stock/defaultStock.js';
import { StockRepository } from '../stock/StockRepository.js';
import { CHILLYBIN_INDEXES } from './indexes.js';

export interface SetupReport extends IndexReport {
  seeded: boolean;
  /** Whether the order lists were built from the orders already stored (once per database). */
  listsBuilt: boolean;
}

/**
 * The migration step: indexes first (so the seed is protected by them), then
 * seed an empty bin, then list the orders of a store from before the lists.
 */
export async function setupDatabase(db: Db): Promise<SetupReport> {
  const indexes = await ensureIndexes(db, CHILLYBIN_INDEXES);
  const seeded = await new StockRepository(db).seedIfEmpty(DEFAULT_STOCK);
  const listsBuilt = await new OrderRepository(db).buildLists();
  return { ...indexes, seeded, listsBuilt };
}
