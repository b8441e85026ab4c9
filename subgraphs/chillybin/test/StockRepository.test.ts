import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/databases.js';
import { setupDatabase } from '../src/db/setupDatabase.js';
import { INGREDIENTS, StockRepository } from '../src/stock/StockRepository.js';

const database = useTestDatabase('chillybin');
let stock: StockRepository;
let runs = 0;

beforeAll(async () => {
  await setupDatabase(database.db);
  stock = new StockRepository(database.db);
});

beforeEach(async () => {
  await stock.setLevels([
    { name: 'cheese', quantity: 5 },
    { name: 'bread', quantity: 10 },
  ]);
});

describe('StockRepository.pick', () => {
  const cases = [
    { name: 'takes what is asked', pick: ['cheese', 2] as const, code: undefined, cheese: 3 },
    { name: 'takes the last ones', pick: ['cheese', 5] as const, code: undefined, cheese: 0 },
    { name: 'refuses more than is left', pick: ['cheese', 6] as const, code: 'OUT_OF_STOCK', cheese: 5 },
    { name: 'refuses an unknown ingredient', pick: ['ham', 1] as const, code: 'NOT_FOUND', cheese: 5 },
  ];

  it.each(cases)('$name', async ({ pick: [name, quantity], code, cheese }) => {
    const error = await stock.pick(name, quantity).then(
      () => undefined,
      (err: { extensions?: { code?: string } }) => err.extensions?.code,
    );
    expect(error).toBe(code);
    expect((await stock.findByName('cheese'))?.quantity).toBe(cheese);
  });

  it('never goes below zero however many picks race', async () => {
    const results = await Promise.allSettled(Array.from({ length: 25 }, () => stock.pick('cheese', 1)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5);
    expect((await stock.findByName('cheese'))?.quantity).toBe(0);
  });

  it('puts back onto the current level', async () => {
    await stock.pick('bread', 4);
    expect((await stock.putBack('bread', 4)).quantity).toBe(10);
  });
});

describe('StockRepository holds for an order', () => {
  const cases = [
    { name: 'takes and holds', steps: [['take', 'o1', 2]], code: undefined, cheese: 3 },
    {
      name: 'takes once for one order, however often asked',
      steps: [
        ['take', 'o1', 2],
        ['take', 'o1', 2],
      ],
      code: undefined,
      cheese: 3,
    },
    {
      name: 'takes for each order',
      steps: [
        ['take', 'o1', 2],
        ['take', '42', 2],
      ],
      code: undefined,
      cheese: 1,
    },
    { name: 'refuses more than is left', steps: [['take', 'o1', 6]], code: 'OUT_OF_STOCK', cheese: 5 },
    {
      name: 'puts a hold back once',
      steps: [
        ['take', 'o1', 2],
        ['return', 'o1', 2],
        ['return', 'o1', 2],
      ],
      code: undefined,
      cheese: 5,
    },
    {
      name: 'puts back nothing for an order holding nothing',
      steps: [
        ['take', 'o1', 2],
        ['return', 'o2', 2],
      ],
      code: undefined,
      cheese: 3,
    },
    {
      name: 'releases a hold, keeping the level',
      steps: [
        ['take', 'o1', 2],
        ['release', 'o1', 0],
        ['return', 'o1', 2],
      ],
      code: undefined,
      cheese: 3,
    },
    {
      name: 'returns a picked item once',
      steps: [
        ['take', 'o1', 2],
        ['release', 'o1', 0],
        ['returnPicked', 'o1', 2],
        ['returnPicked', 'o1', 2],
      ],
      code: undefined,
      cheese: 5,
    },
  ] as const;

  it.each(cases)('$name', async ({ steps, code, cheese }) => {
    // Ids fresh to this case; an all-digit one too, as a field name it must stay a key, not an array index.
    const fresh = String(++runs);
    const run = async (step: string, order: string, quantity: number) => {
      const orderId = order + fresh;
      if (step === 'take') await stock.takeFor(orderId, 'cheese', quantity);
      else if (step === 'return') await stock.returnHold(orderId, 'cheese', quantity);
      else if (step === 'release') await stock.releaseHold(orderId, 'cheese');
      else await stock.returnPicked(orderId, 'cheese', quantity);
    };
    let error: string | undefined;
    for (const [step, order, quantity] of steps) {
      await run(step, order, quantity).catch(
        (err: { extensions?: { code?: string } }) => (error = err.extensions?.code),
      );
    }
    expect(error).toBe(code);
    expect((await stock.findByName('cheese'))?.quantity).toBe(cheese);
  });
});

describe('StockRepository.findByNames', () => {
  it('answers in the order asked, with null for unknown names', async () => {
    const found = await stock.findByNames(['bread', 'ham', 'cheese', 'bread']);
    expect(found.map((i) => i?.name ?? null)).toEqual(['bread', null, 'cheese', 'bread']);
  });

  it('finds an ingredient deleted and added again by hand, under its new `_id`', async () => {
    expect((await stock.findByName('cheese'))?.quantity).toBe(5);
    const ingredients = database.db.collection(INGREDIENTS);
    const { _id, ...cheese } = (await ingredients.findOne({ name: 'cheese' }))!;
    await ingredients.deleteOne({ _id });
    await ingredients.insertOne({ ...cheese, quantity: 7 });

    expect((await stock.findByName('cheese'))?.quantity).toBe(7);
    expect((await stock.findByNames(['cheese', 'bread'])).map((i) => i?.quantity)).toEqual([7, 10]);
  });

  it('finds an ingredient another instance added after this one first looked for it', async () => {
    expect(await stock.findByName('ham')).toBeNull();
    await new StockRepository(database.db).add({ name: 'ham', quantity: 3 });
    expect((await stock.findByName('ham'))?.quantity).toBe(3);
    await database.db.collection(INGREDIENTS).deleteOne({ name: 'ham' });
  });
});

describe('StockRepository.setLevels', () => {
  const cases: {
    name: string;
    levels: { name: string; quantity: number }[];
    addMissing?: boolean;
    unknown: string[];
    after: Record<string, number | undefined>;
  }[] = [
    {
      name: 'sets known levels',
      levels: [{ name: 'cheese', quantity: 1 }],
      unknown: [],
      after: { cheese: 1, bread: 10 },
    },
    {
      name: 'sets nothing when one name is unknown',
      levels: [
        { name: 'cheese', quantity: 1 },
        { name: 'chese', quantity: 2 },
        { name: 'chese', quantity: 3 },
      ],
      unknown: ['chese'],
      after: { cheese: 5, chese: undefined },
    },
    {
      name: 'adds what is missing when asked to (the default stock)',
      levels: [{ name: 'gherkin', quantity: 2 }],
      addMissing: true,
      unknown: [],
      after: { gherkin: 2, cheese: 5 },
    },
  ];

  it.each(cases)('$name', async ({ levels, addMissing, unknown, after }) => {
    expect(await stock.setLevels(levels, { addMissing })).toEqual({ unknown });
    for (const [name, quantity] of Object.entries(after)) {
      expect((await stock.findByName(name))?.quantity, name).toBe(quantity);
    }
  });
});

describe('StockRepository.add', () => {
  it('adds a new ingredient once; a second add of the name is CONFLICT and changes nothing', async () => {
    const name = 'radish';
    expect(await stock.add({ name, quantity: 4 })).toEqual({ name, quantity: 4, description: name });
    const again = await stock
      .add({ name, quantity: 9, description: 'other' })
      .catch((err: { extensions?: { code?: string } }) => err.extensions?.code);
    expect(again).toBe('CONFLICT');
    expect(await stock.findByName(name)).toEqual({ name, quantity: 4, description: name });
  });
});
