import DataLoader from 'dataloader';
import type { Admission } from '../../../platform/admission.js';
import type { OrderPicker } from './orders/OrderPicker.js';
import type { OrderRepository } from './orders/OrderRepository.js';
import { deadlineWithin, type RequestScope } from '../../../platform/requestScope.js';
import type { Ingredient, StockRepository } from './stock/StockRepository.js';

export interface ChillybinContext extends RequestScope {
  stock: StockRepository;
  orders: OrderRepository;
  picker: OrderPicker;
  /** Turns for picks: at most PICKS_AT_ONCE at once; the rest wait, or are refused OVERLOADED before they take anything. */
  pickTurns: Admission;
  /** Batches every ingredient lookup of one request into one query. */
  ingredientsByName: DataLoader<string, Ingredient | null>;
  /** Throws UNAUTHENTICATED or FORBIDDEN unless the request carries the admin token. */
  requireAdmin: () => void;
  /** When a pick must be done by: the caller's deadline, or PICK_DEADLINE_MS from now. */
  pickDeadline: () => number;
}

export function createContext(
  stock: StockRepository,
  orders: OrderRepository,
  picker: OrderPicker,
  pickTurns: Admission,
  scope: RequestScope,
  requireAdmin: () => void,
  pickDeadlineMs: number,
): ChillybinContext {
  return {
    ...scope,
    pickDeadline: () => deadlineWithin(pickDeadlineMs, scope),
    stock,
    orders,
    picker,
    pickTurns,
    ingredientsByName: new DataLoader((names) => stock.findByNames(names)),
    requireAdmin,
  };
}
