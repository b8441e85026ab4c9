import type { ChillybinContext } from '../context.js';
import { DEFAULT_STOCK } from '../stock/defaultStock.js';
import { MAX_LEVELS, checkDescription, checkIngredientName, checkLevel, checkQuantity } from '../stock/rules.js';
import type { StockLevel } from '../stock/StockRepository.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkOrderId, orderItems } from '../orders/rules.js';
import type { OrderItem } from '../orders/OrderRepository.js';
import { ErrorCode, domainError } from '../../../../platform/errors.js';

interface PickArgs {
  name: string;
  quantity: number;
}

interface PickIngredientsArgs {
  input: { items: OrderItem[]; customer?: string | null; orderId?: string | null };
}

export const Mutation = {
  /** Deprecated in the schema in favour of pickIngredients; kept working for clients not yet moved. */
  pick: (_: unknown, { name, quantity }: PickArgs, { stock }: ChillybinContext) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    return stock.pick(name, quantity);
  },

  pickIngredients: (_: unknown, { input }: PickIngredientsArgs, { picker }: ChillybinContext) => {
    const items = orderItems(input.items);
    if (input.customer != null) checkCustomer(input.customer);
    if (input.orderId != null) checkOrderId(input.orderId);
    return picker.pick({ items, customer: input.customer ?? null, orderId: input.orderId ?? null });
  },

  cancelOrder: (_: unknown, { id }: { id: string }, { picker }: ChillybinContext) => {
    checkOrderId(id, 'id');
    return picker.cancel(id);
  },

  putBack: (_: unknown, { name, quantity }: PickArgs, { stock }: ChillybinContext) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    return stock.putBack(name, quantity);
  },

  restock: async (_: unknown, { levels }: { levels?: StockLevel[] | null }, { stock, requireAdmin }: ChillybinContext) => {
    requireAdmin();
    const wanted = levels ?? DEFAULT_STOCK;
    if (wanted.length > MAX_LEVELS) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `At most ${MAX_LEVELS} levels can be set at once`, { argument: 'levels' });
    }
    for (const level of wanted) {
      checkIngredientName(level.name);
      checkLevel(level.quantity);
      if (level.description != null) checkDescription(level.description);
    }
    await stock.setLevels(wanted);
    return stock.list();
  },
};
