import DataLoader from 'dataloader';
import type { OrderPicker } from './orders/OrderPicker.js';
import type { OrderRepository } from './orders/OrderRepository.js';
import type { Ingredient, StockRepository } from './stock/StockRepository.js';

export interface ChillybinContext {
  stock: StockRepository;
  orders: OrderRepository;
  picker: OrderPicker;
  /** Batches every ingredient lookup of one request into one query. */
  ingredientsByName: DataLoader<string, Ingredient | null>;
}

export function createContext(stock: StockRepository, orders: OrderRepository, picker: OrderPicker): ChillybinContext {
  return {
    stock,
    orders,
    picker,
    ingredientsByName: new DataLoader((names) => stock.findByNames(names)),
  };
}
