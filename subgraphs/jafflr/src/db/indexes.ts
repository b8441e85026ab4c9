import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { TOASTIES } from '../toasties/ToastieRepository.js';

/** Every index jafflr's collections need. Add here; start-up creates what is missing. */
export const JAFFLR_INDEXES: IndexDeclaration[] = [
  { collection: TOASTIES, name: 'toasties_createdAt', key: { createdAt: -1 } },
];
