import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { PUT_BACKS } from '../chillybin/PutBackOutbox.js';
import { TOASTIES } from '../toasties/ToastieRepository.js';

/** Every index jafflr's collections need. Add here; start-up creates what is missing. */
export const JAFFLR_INDEXES: IndexDeclaration[] = [
  { collection: TOASTIES, name: 'toasties_createdAt', key: { createdAt: -1 } },
  { collection: PUT_BACKS, name: 'putBacks_state_leaseUntil', key: { state: 1, leaseUntil: 1 } },
];
