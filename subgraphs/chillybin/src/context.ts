import DataLoader from 'dataloader';
import type { Ingredient, StockRepository } from './stock/StockRepository.js';

export interface ChillybinContext {
  stock: StockRepository;
  /** Batches every ingredient lookup of one request into one query. */
  ingredientsByName: DataLoader<string, Ingredient | null>;
}

export function createContext(stock: StockRepository): ChillybinContext {
  return {
    stock,
    ingredientsByName: new DataLoader((names) => stock.findByNames(names)),
  };
}
