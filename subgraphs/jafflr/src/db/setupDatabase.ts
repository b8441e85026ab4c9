import type { Db } from 'mongodb';
import { ensureIndexes, type IndexReport } from '../../../../platform/mongo.js';
import { JAFFLR_INDEXES } from './indexes.js';

/** The migration step: jafflr needs only its indexes; toasties start empty. */
export function setupDatabase(db: Db): Promise<IndexReport> {
  return ensureIndexes(db, JAFFLR_INDEXES);
}
