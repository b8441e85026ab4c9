import type { StockLevel } from './StockRepository.js';

/** The stall's opening stock, as in the seed: ten of each. */
export const DEFAULT_STOCK: StockLevel[] = [
  { name: 'bread', quantity: 10, description: 'A slice of white sandwich bread' },
  { name: 'cheese', quantity: 10, description: 'A slice of tasty cheddar' },
  { name: 'vegemite', quantity: 10, description: 'A scrape of Vegemite' },
];
