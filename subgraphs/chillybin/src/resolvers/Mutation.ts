import type { MutationResolvers } from '../generated/graphql.js';
import { DEFAULT_STOCK } from '../stock/defaultStock.js';
import {
  MAX_LEVELS,
  checkDescription,
  checkIngredientName,
  checkLevel,
  checkQuantity,
  unknownIngredients,
} from '../stock/rules.js';
import type { StockRepository } from '../stock/StockRepository.js';
import { checkCustomer } from '../../../../platform/graphInputs.js';
import { checkOrderId, orderItems } from '../orders/rules.js';
import { ErrorCode, domainError } from '../../../../platform/errors.js';

/**
 * A keyed pick or put-back goes through an order, which returns no ingredient, so it is read afterwards;
 * NOT_FOUND rather than a null the schema does not allow.
 */
async function ingredientNamed(stock: StockRepository, name: string) {
  const ingredient = await stock.findByName(name);
  if (!ingredient)
    throw domainError(ErrorCode.NOT_FOUND, `There is no ${name} in the chilly bin`, { ingredient: name });
  return ingredient;
}

export const Mutation: MutationResolvers = {
  /** Deprecated in the schema in favour of pickIngredients; kept working for clients not yet moved. */
  pick: async (_, { name, quantity, key }, { stock, picker, pickTurns, pickDeadline, callerGone }) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    const deadline = pickDeadline();
    if (key == null) return pickTurns.run(deadline, () => stock.pick(name, quantity), callerGone);
    checkOrderId(key, 'key');
    // A keyed pick is a one-item order, so that undoing it is exact.
    await pickTurns.run(
      deadline,
      () => picker.pick({ items: [{ name, quantity }], customer: null, orderId: key }, deadline),
      callerGone,
    );
    return ingredientNamed(stock, name);
  },

  pickIngredients: (_, { input }, { picker, pickTurns, pickDeadline, callerGone }) => {
    const items = orderItems(input.items);
    if (input.customer != null) checkCustomer(input.customer);
    if (input.orderId != null) checkOrderId(input.orderId);
    const deadline = pickDeadline();
    const order = { items, customer: input.customer ?? null, orderId: input.orderId ?? null };
    return pickTurns.run(deadline, () => picker.pick(order, deadline), callerGone);
  },

  cancelOrder: (_, { id }, { picker }) => {
    checkOrderId(id, 'id');
    return picker.cancel(id);
  },

  putBack: async (_, { name, quantity, key }, { stock, picker }) => {
    checkIngredientName(name);
    checkQuantity(quantity);
    if (key == null) return stock.putBack(name, quantity);
    checkOrderId(key, 'key');
    await picker.cancel(key);
    return ingredientNamed(stock, name);
  },

  restock: async (_, { levels }, { stock, requireAdmin }) => {
    requireAdmin();
    const wanted = levels ?? DEFAULT_STOCK;
    if (wanted.length > MAX_LEVELS) {
      throw domainError(ErrorCode.BAD_USER_INPUT, `At most ${MAX_LEVELS} levels can be set at once`, {
        argument: 'levels',
      });
    }
    for (const level of wanted) {
      checkIngredientName(level.name, 'levels');
      checkLevel(level.quantity);
      if (level.description != null) checkDescription(level.description);
    }
    // The default stock may add what is missing from it; levels a person typed may not.
    const { unknown } = await stock.setLevels(wanted, { addMissing: levels == null });
    if (unknown.length > 0) {
      throw unknownIngredients(
        unknown,
        (await stock.list()).map((ingredient) => ingredient.name),
      );
    }
    return stock.list();
  },

  addIngredient: async (_, { input }, { stock, requireAdmin }) => {
    requireAdmin();
    checkIngredientName(input.name, 'input');
    checkLevel(input.quantity, 'input');
    if (input.description != null) checkDescription(input.description, 'input');
    return stock.add(input);
  },
};
