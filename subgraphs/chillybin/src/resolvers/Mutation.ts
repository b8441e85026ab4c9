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
  key?: string | null;
}

interface PickIngredientsArgs {
  input: { items: OrderItem[]; customer?: string | null; orderId?: string | null };
}

export const Mutation = {
  /** Deprecated in the schema in favour of pickIngredients; kept working for clients not yet moved. */
  pick: async (_: unknown, { name, quantity, key }: PickArgs, { stock, picker, pickDeadline }: ChillybinContext) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    if (key == null) return stock.pick(name, quantity);
    checkOrderId(key, 'key');
    // A keyed pick is a one-item order, so that undoing it is exact.
    await picker.pick({ items: [{ name, quantity }], customer: null, orderId: key }, pickDeadline());
    return stock.findByName(name);
  },

  pickIngredients: (_: unknown, { input }: PickIngredientsArgs, { picker, pickDeadline }: ChillybinContext) => {
    const items = orderItems(input.items);
    if (input.customer != null) checkCustomer(input.customer);
    if (input.orderId != null) checkOrderId(input.orderId);
    return picker.pick({ items, customer: input.customer ?? null, orderId: input.orderId ?? null }, pickDeadline());
  },

  cancelOrder: (_: unknown, { id }: { id: string }, { picker }: ChillybinContext) => {
    checkOrderId(id, 'id');
    return picker.cancel(id);
  },

  putBack: async (_: unknown, { name, quantity, key }: PickArgs, { stock, picker }: ChillybinContext) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    if (key == null) return stock.putBack(name, quantity);
    checkOrderId(key, 'key');
    await picker.cancel(key);
    const ingredient = await stock.findByName(name);
    if (!ingredient) throw domainError(ErrorCode.NOT_FOUND, `There is no ${name} in the chilly bin`, { ingredient: name });
    return ingredient;
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
