import type { Db } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../../../../platform/mongo.js';
import { DEFAULT_STOCK } from '../stock/defaultStock.js';
import { StockRepository } from '../stock/StockRepository.js';
import { CHILLYBIN_INDEXES } from './indexes.js';

export interface SetupReport extends IndexReport {
  seeded: boolean;
}

/** The migration step: indexes first (so the seed is protected by them), then seed an empty bin. */
export async function setupDatabase(db: Db): Promise<SetupReport> {
  const indexes = await ensureIndexes(db, CHILLYBIN_INDEXES);
  const seeded = await new StockRepository(db).seedIfEmpty(DEFAULT_STOCK);
  return { ...indexes, seeded };
}
