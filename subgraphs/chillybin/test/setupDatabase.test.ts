import { describe, expect, it } from 'vitest';
import { indexesOf, useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { INGREDIENTS } from '../src/stock/StockRepository.js';

const database = useTestDatabase('chillybin');

describe('chillybin database setup', () => {
  it('run twice: the second run creates nothing, seeds nothing and leaves the same indexes', async () => {
    const first = await setupDatabase(database.db);
    const indexes = await indexesOf(database.db);
    const second = await setupDatabase(database.db);

    expect(first).toMatchObject({
      created: expect.arrayContaining(['ingredients.ingredients_name_unique']),
      seeded: true,
      listsBuilt: true,
    });
    expect(second).toEqual({ created: [], unchanged: first.created, seeded: false, listsBuilt: false });
    expect(await indexesOf(database.db)).toEqual(indexes);
  });

  it('the unique index rejects a second ingredient of the same name (E11000)', async () => {
    await setupDatabase(database.db);
    const ingredients = database.db.collection(INGREDIENTS);
    const existing = await ingredients.findOne({});
    expect(existing).not.toBeNull();

    const error = await ingredients
      .insertOne({ name: existing!.name, quantity: 1, description: 'a copy' })
      .catch((err: unknown) => err as Error & { code?: number });

    expect(error).toMatchObject({ code: 11000 });
    expect((error as Error).message).toMatch(/E11000/);
    expect(await ingredients.countDocuments({ name: existing!.name })).toBe(1);
  });
});
