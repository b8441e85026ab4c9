import DataLoader from 'dataloader';
import type { RequestScope } from '../../../platform/requestScope.js';
import type { Ingredient, StockRepository } from './stock/StockRepository.js';

export interface ChillybinContext extends RequestScope {
  stock: StockRepository;
  /** Batches every ingredient lookup of one request into one query. */
  ingredientsByName: DataLoader<string, Ingredient | null>;
  /** Throws UNAUTHENTICATED or FORBIDDEN unless the request carries the admin token. */
  requireAdmin: () => void;
}

export function createContext(stock: StockRepository, scope: RequestScope, requireAdmin: () => void): ChillybinContext {
  return {
    ...scope,
    stock,
    ingredientsByName: new DataLoader((names) => stock.findByNames(names)),
    requireAdmin,
  };
}
