import type { Db } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../../../../platform/mongo.js';
import { ToastieRepository } from '../toasties/ToastieRepository.js';
import { JAFFLR_INDEXES } from './indexes.js';

export interface SetupReport extends IndexReport {
  /** Whether the list of recent toasties was built from the toasties already stored (once per database). */
  listBuilt: boolean;
}

/** The migration step: indexes, then the list of recent toasties for a store made before it existed. */
export async function setupDatabase(db: Db): Promise<SetupReport> {
  const indexes = await ensureIndexes(db, JAFFLR_INDEXES);
  const listBuilt = await new ToastieRepository(db).buildList();
  return { ...indexes, listBuilt };
}
