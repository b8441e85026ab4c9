import type { Db } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../../../../platform/mongo.js';
import { ToastieRepository } from '../toasties/ToastieRepository.js';
import { JAFFLR_INDEXES } from './indexes.js';

export interface SetupReport extends IndexReport {
  /** Whether the lists of recent toasties were built from the toasties already stored (once per database and list). */
  listBuilt: boolean;
}

/** The migration step: indexes, then the lists of recent toasties for a store made before they existed. */
export async function setupDatabase(db: Db): Promise<SetupReport> {
  const indexes = await ensureIndexes(db, JAFFLR_INDEXES);
  const listBuilt = await new ToastieRepository(db).buildLists();
  return { ...indexes, listBuilt };
}
