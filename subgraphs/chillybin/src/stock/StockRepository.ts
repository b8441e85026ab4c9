import type { Collection, Db, ObjectId } from 'mongodb';
import type { GraphQLError } from 'graphql';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import { isDuplicateKey } from '../../../../platform/mongoErrors.js';

export interface Ingredient {
  name: string;
  quantity: number;
  description: string;
}

export interface StockLevel {
  name: string;
  quantity: number;
  description?: string | null;
}

interface IngredientDocument extends Ingredient {
  /** An ObjectId, set by the driver on insert. */
  _id?: ObjectId;
  updatedAt: Date;
  /**
   * What is out of the bin for orders not yet settled, by order id: taken in
   * the same write as the stock, so a crashed pick leaves a record of exactly
   * what it took. A map, not an array: FerretDB v1 cannot `$pull` by condition.
   */
  holds?: Record<string, number>;
  /** When a picked order's item went back, by order id, so a repeated cancel cannot return it twice. */
  returned?: Record<string, Date>;
}

export const INGREDIENTS = 'ingredients';

const projection = { _id: 0, name: 1, quantity: 1, description: 1 } as const;

// FerretDB does not implement findAndModify's projection, so updates return the whole document.
function toIngredient({ name, quantity, description }: IngredientDocument): Ingredient {
  return { name, quantity, description };
}

// Order ids are letters, digits, _ and - (checkOrderId, or an ObjectId), so safe as field names.
const holdPath = (orderId: string) => `holds.${orderId}`;
const returnedPath = (orderId: string) => `returned.${orderId}`;

/** Why a conditional take matched nothing: no such ingredient, or not enough of it left. */
function refusal(name: string, quantity: number, current: { quantity: number } | null): GraphQLError {
  if (!current) return domainError(ErrorCode.NOT_FOUND, `There is no ${name} in the chilly bin`, { ingredient: name });
  return domainError(ErrorCode.OUT_OF_STOCK, `Not enough ${name}: wanted ${quantity}, ${current.quantity} left`, {
    ingredient: name,
    requested: quantity,
    available: current.quantity,
  });
}

/** The chilly bin's stock in MongoDB. Every change is a single atomic update. */
export class StockRepository {
  private readonly ingredients: Collection<IngredientDocument>;
  /**
   * Each ingredient's `_id`, by name, as read. A name never changes and
   * nothing deletes an ingredient, so an `_id` once read stays true; reads by
   * `_id` alone are what FerretDB v1 on SQLite pushes down (a filter on `name`
   * reads every document of the collection there), and on MongoDB they use the
   * primary key. Only names the bin has are kept: at most one per ingredient.
   */
  private readonly ids = new Map<string, IngredientDocument['_id']>();

  constructor(db: Db) {
    this.ingredients = db.collection<IngredientDocument>(INGREDIENTS);
  }

  async list(): Promise<Ingredient[]> {
    const documents = await this.ingredients
      .find({}, { projection: { ...projection, _id: 1 }, sort: { name: 1 } })
      .toArray();
    for (const { _id, name } of documents) this.ids.set(name, _id);
    return documents.map(toIngredient);
  }

  async findByName(name: string): Promise<Ingredient | null> {
    return (await this.findByNames([name]))[0] ?? null;
  }

  /**
   * Many names, each ingredient read by its `_id`; the result follows `names`,
   * with null where there is none. A name is looked up once per process (see
   * `ids`); after that, a read is `{ _id }` alone, the one filter every
   * MongoDB-compatible store answers from its primary key.
   */
  async findByNames(names: readonly string[]): Promise<(Ingredient | null)[]> {
    const unique = [...new Set(names)];
    await this.learnIds(unique.filter((name) => !this.ids.has(name)));
    const found = await Promise.all(unique.map((name) => this.readKnown(name)));
    const byName = new Map(unique.map((name, i) => [name, found[i] ?? null]));
    return names.map((name) => byName.get(name) ?? null);
  }

  /** Reads the `_id`s of names not seen before, in one query; names the bin does not have stay unknown. */
  private async learnIds(names: readonly string[]): Promise<void> {
    if (names.length === 0) return;
    const found = await this.ingredients
      .find({ name: { $in: [...names] } }, { projection: { _id: 1, name: 1 } })
      .toArray();
    for (const { _id, name } of found) this.ids.set(name, _id);
  }

  /**
   * One ingredient by the `_id` learnt for its name. A document gone from
   * that `_id` (deleted and added again by hand) is looked up by name once more.
   */
  private async readKnown(name: string): Promise<Ingredient | null> {
    const id = this.ids.get(name);
    if (id === undefined) return null;
    const document = await this.ingredients.findOne({ _id: id }, { projection });
    if (document?.name === name) return document;
    this.ids.delete(name);
    await this.learnIds([name]);
    return this.ids.has(name) ? this.ingredients.findOne({ _id: this.ids.get(name) }, { projection }) : null;
  }

  /**
   * Takes stock only where enough is left, in one conditional update, so
   * racing picks can never drive a level below zero.
   */
  async pick(name: string, quantity: number): Promise<Ingredient> {
    const picked = await this.ingredients.findOneAndUpdate(
      { name, quantity: { $gte: quantity } },
      { $inc: { quantity: -quantity }, $currentDate: { updatedAt: true } },
      { returnDocument: 'after' },
    );
    if (picked) return toIngredient(picked);

    throw refusal(name, quantity, await this.findByName(name));
  }

  /**
   * Takes stock for an order and records it as held for that order, in one
   * conditional update: never below zero, and never twice for one order.
   * Already held for this order (a retry after a failed put-back) counts as taken.
   */
  async takeFor(orderId: string, name: string, quantity: number): Promise<void> {
    const hold = holdPath(orderId);
    const { matchedCount } = await this.ingredients.updateOne(
      { name, quantity: { $gte: quantity }, [hold]: { $exists: false } },
      { $inc: { quantity: -quantity }, $set: { [hold]: quantity }, $currentDate: { updatedAt: true } },
    );
    if (matchedCount === 1) return;

    const current = await this.ingredients.findOne({ name }, { projection: { quantity: 1, [hold]: 1 } });
    if (current?.holds?.[orderId] !== undefined) return;
    throw refusal(name, quantity, current);
  }

  /** Puts back what is held for an order, if anything; conditional on the hold, so it happens at most once. */
  async returnHold(orderId: string, name: string, quantity: number): Promise<boolean> {
    const hold = holdPath(orderId);
    const { modifiedCount } = await this.ingredients.updateOne(
      { name, [hold]: quantity },
      { $inc: { quantity }, $unset: { [hold]: '' }, $currentDate: { updatedAt: true } },
    );
    return modifiedCount === 1;
  }

  /** The order was picked: what it held is now its own, so the hold goes and the level stays. */
  async releaseHold(orderId: string, name: string): Promise<void> {
    await this.releaseHolds(name, [orderId]);
  }

  /** Releases the holds of several picked orders on one ingredient, in one write. */
  async releaseHolds(name: string, orderIds: readonly string[]): Promise<void> {
    if (orderIds.length === 0) return;
    await this.ingredients.updateOne(
      { name },
      { $unset: Object.fromEntries(orderIds.map((id) => [holdPath(id), ''])) },
    );
  }

  /**
   * Puts back a picked order's item, marked as returned for that order in the
   * same write, so however many cancels race or retry it goes back once.
   * Drops the order's hold too, should one have outlived its pick.
   */
  async returnPicked(orderId: string, name: string, quantity: number): Promise<boolean> {
    const mark = returnedPath(orderId);
    const { modifiedCount } = await this.ingredients.updateOne(
      { name, [mark]: { $exists: false } },
      {
        $inc: { quantity },
        $set: { [mark]: new Date() },
        $unset: { [holdPath(orderId)]: '' },
        $currentDate: { updatedAt: true },
      },
    );
    return modifiedCount === 1;
  }

  /** Forgets an order's return mark, once the order itself is forgotten: no cancel can come for it any more. */
  async forgetReturn(orderId: string, name: string): Promise<void> {
    await this.ingredients.updateOne({ name }, { $unset: { [returnedPath(orderId)]: '' } });
  }

  /** Every hold in the bin, by ingredient: what the sweep settles. The collection is small, so it is read whole. */
  async holds(): Promise<{ name: string; orderId: string; quantity: number }[]> {
    return (await this.marksAndHolds()).holds;
  }

  /** Every hold and every return mark in the bin, in one read. */
  async marksAndHolds(): Promise<{
    holds: { name: string; orderId: string; quantity: number }[];
    marks: { name: string; orderId: string; markedAt: Date }[];
  }> {
    const documents = await this.ingredients
      .find({}, { projection: { _id: 0, name: 1, holds: 1, returned: 1 } })
      .toArray();
    return {
      holds: documents.flatMap(({ name, holds }) =>
        Object.entries(holds ?? {}).map(([orderId, quantity]) => ({ name, orderId, quantity })),
      ),
      marks: documents.flatMap(({ name, returned }) =>
        Object.entries(returned ?? {}).map(([orderId, markedAt]) => ({ name, orderId, markedAt })),
      ),
    };
  }

  async putBack(name: string, quantity: number): Promise<Ingredient> {
    const returned = await this.ingredients.findOneAndUpdate(
      { name },
      { $inc: { quantity }, $currentDate: { updatedAt: true } },
      { returnDocument: 'after' },
    );
    if (!returned) {
      throw domainError(ErrorCode.NOT_FOUND, `There is no ${name} in the chilly bin`, { ingredient: name });
    }
    return toIngredient(returned);
  }

  /**
   * Sets the levels of ingredients the bin already has, all or none: when a
   * name is unknown, nothing is set and the unknown names are returned, so a
   * typo never creates stock. With `addMissing` (the default stock, a list
   * no one types), unknown ones are added instead.
   */
  async setLevels(levels: StockLevel[], { addMissing = false } = {}): Promise<{ unknown: string[] }> {
    if (levels.length === 0) return { unknown: [] };
    if (!addMissing) {
      const found = await this.findByNames(levels.map((level) => level.name));
      const unknown = [...new Set(levels.filter((_, i) => found[i] === null).map((level) => level.name))];
      // Nothing deletes an ingredient, so one found here is still there for the write below.
      if (unknown.length > 0) return { unknown };
    }
    await this.ingredients.bulkWrite(
      levels.map(({ name, quantity, description }) => ({
        updateOne: {
          filter: { name },
          update: {
            $set: { quantity, updatedAt: new Date(), ...(description != null ? { description } : {}) },
            ...(description == null ? { $setOnInsert: { description: name } } : {}),
          },
          upsert: addMissing,
        },
      })),
      { ordered: true },
    );
    return { unknown: [] };
  }

  /** Adds an ingredient the bin has never had; CONFLICT when it has one of that name (the unique index decides). */
  async add({ name, quantity, description }: StockLevel): Promise<Ingredient> {
    const ingredient = { name, quantity, description: description ?? name };
    try {
      await this.ingredients.insertOne({ ...ingredient, updatedAt: new Date() });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      throw domainError(ErrorCode.CONFLICT, `The chilly bin already has ${name}: restock sets its level`, {
        ingredient: name,
        argument: 'input',
      });
    }
    return ingredient;
  }

  /** Seeds only an empty chilly bin, so a restart never resets stock. */
  async seedIfEmpty(levels: StockLevel[]): Promise<boolean> {
    if ((await this.ingredients.estimatedDocumentCount()) > 0) return false;
    try {
      await this.ingredients.insertMany(
        levels.map(({ name, quantity, description }) => ({
          name,
          quantity,
          description: description ?? name,
          updatedAt: new Date(),
        })),
        { ordered: false },
      );
    } catch (err) {
      // Another instance seeded at the same moment; the unique index kept one copy.
      if (!isDuplicateKey(err)) throw err;
    }
    return true;
  }
}
