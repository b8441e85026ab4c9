import type { IndexDeclaration } from '../../../../platform/mongo.js';
import { INGREDIENTS } from '../stock/StockRepository.js';

/** Every index chillybin's collections need. Add here; start-up creates what is missing. */
export const CHILLYBIN_INDEXES: IndexDeclaration[] = [
  { collection: INGREDIENTS, name: 'ingredients_name_unique', key: { name: 1 }, unique: true },
];
