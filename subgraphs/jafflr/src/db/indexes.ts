import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { TOASTIE_KEYS } from '../toasties/ToastieKeyRepository.js';
import { TOASTIES } from '../toasties/ToastieRepository.js';

/** Every index jafflr's collections need. Add here; start-up creates what is missing. */
export const JAFFLR_INDEXES: IndexDeclaration[] = [
  { collection: TOASTIES, name: 'toasties_createdAt', key: { createdAt: -1 } },
  { collection: TOASTIE_KEYS, name: 'toastie_keys_createdAt', key: { createdAt: 1 } },
];
