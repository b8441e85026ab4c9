import { describe, expect, it } from 'vitest';
import { ensureIndexes, IndexClashError, type IndexDeclaration } from '../mongo.js';
import { useTestDatabase } from '../../test/support/databases.js';

const database = useTestDatabase('indexes');

async function indexNames(collection: string): Promise<string[]> {
  return ((await database.db.collection(collection).listIndexes().toArray()) as { name: string }[])
    .map((ix) => ix.name)
    .sort();
}

describe('ensureIndexes', () => {
  it('creates what is missing, and a second run creates nothing and changes nothing', async () => {
    const declared: IndexDeclaration[] = [
      { collection: 'twice', name: 'twice_code_unique', key: { code: 1 }, unique: true },
      { collection: 'twice', name: 'twice_at', key: { at: -1 } },
    ];
    const first = await ensureIndexes(database.db, declared);
    const after = await indexNames('twice');
    const second = await ensureIndexes(database.db, declared);

    expect(first).toEqual({ created: ['twice.twice_code_unique', 'twice.twice_at'], unchanged: [] });
    expect(second).toEqual({ created: [], unchanged: ['twice.twice_code_unique', 'twice.twice_at'] });
    expect(await indexNames('twice')).toEqual(after);
  });

  const clashes: {
    name: string;
    existing: { key: Record<string, 1 | -1>; name: string; unique?: boolean };
    declared: Omit<IndexDeclaration, 'collection'>;
    message: RegExp;
  }[] = [
    {
      name: 'same name, other keys',
      existing: { key: { a: 1 }, name: 'ix' },
      declared: { name: 'ix', key: { b: 1 } },
      message: /\.ix clashes .*keys \{"a":1\}, declared \{"b":1\}/,
    },
    {
      name: 'same name, unique dropped',
      existing: { key: { a: 1 }, name: 'ix', unique: true },
      declared: { name: 'ix', key: { a: 1 } },
      message: /\.ix clashes .*unique is true, declared false/,
    },
    {
      name: 'same name, unique added',
      existing: { key: { a: 1 }, name: 'ix' },
      declared: { name: 'ix', key: { a: 1 }, unique: true },
      message: /\.ix clashes .*unique is false, declared true/,
    },
    {
      name: 'same keys, other name',
      existing: { key: { a: 1 }, name: 'old_ix' },
      declared: { name: 'ix', key: { a: 1 } },
      message: /\.ix clashes .*index old_ix already has keys \{"a":1\}/,
    },
  ];

  it.each(clashes.map((c, i) => ({ ...c, collection: `clash${i}` })))(
    '$name: stops with an error naming the index, before any later one',
    async ({ collection, existing, declared, message }) => {
      await database.db
        .collection(collection)
        .createIndex(existing.key, { name: existing.name, unique: existing.unique ?? false });
      const later: IndexDeclaration = { collection, name: 'later', key: { z: 1 } };

      const error = await ensureIndexes(database.db, [{ collection, ...declared }, later]).catch((err: unknown) => err);

      expect(error).toBeInstanceOf(IndexClashError);
      expect((error as IndexClashError).index).toBe(declared.name);
      expect((error as Error).message).toContain(`${collection}.${declared.name}`);
      expect((error as Error).message).toMatch(message);
      expect(await indexNames(collection)).not.toContain('later');
    },
  );
});
