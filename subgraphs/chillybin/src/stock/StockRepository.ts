import type { Collection, Db } from 'mongodb';
import { ErrorCode, domainError } from '../../../../platform/errors.js';
import { isDuplicateKey } from '../../../../platform/mongo.js';

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
  updatedAt: Date;
}

export const INGREDIENTS = 'ingredients';

const projection = { _id: 0, name: 1, quantity: 1, description: 1 } as const;

// FerretDB does not implement findAndModify's projection, so updates return the whole document.
function toIngredient({ name, quantity, description }: IngredientDocument): Ingredient {
  return { name, quantity, description };
}

/** The chilly bin's stock in MongoDB. Every change is a single atomic update. */
export class StockRepository {
  private readonly ingredients: Collection<IngredientDocument>;

  constructor(db: Db) {
    this.ingredients = db.collection<IngredientDocument>(INGREDIENTS);
  }

  list(): Promise<Ingredient[]> {
    return this.ingredients.find({}, { projection, sort: { name: 1 } }).toArray();
  }

  findByName(name: string): Promise<Ingredient | null> {
    return this.ingredients.findOne({ name }, { projection });
  }

  /** One query for many names; the result follows `names`, with null where there is none. */
  async findByNames(names: readonly string[]): Promise<(Ingredient | null)[]> {
    const found = await this.ingredients.find({ name: { $in: [...new Set(names)] } }, { projection }).toArray();
    const byName = new Map(found.map((ingredient) => [ingredient.name, ingredient]));
    return names.map((name) => byName.get(name) ?? null);
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

    const current = await this.findByName(name);
    if (!current) {
      throw domainError(ErrorCode.NOT_FOUND, `There is no ${name} in the chilly bin`, { ingredient: name });
    }
    throw domainError(
      ErrorCode.OUT_OF_STOCK,
      `Not enough ${name}: wanted ${quantity}, ${current.quantity} left`,
      { ingredient: name, requested: quantity, available: current.quantity },
    );
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

  /** Sets levels, adding ingredients not seen before. */
  async setLevels(levels: StockLevel[]): Promise<void> {
    if (levels.length === 0) return;
    await this.ingredients.bulkWrite(
      levels.map(({ name, quantity, description }) => ({
        updateOne: {
          filter: { name },
          update: {
            $set: { quantity, updatedAt: new Date(), ...(description != null ? { description } : {}) },
            ...(description == null ? { $setOnInsert: { description: name } } : {}),
          },
          upsert: true,
        },
      })),
      { ordered: true },
    );
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
