import type { Collection, Document } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/databases.js';

// Every read the services make on a request path is by `_id`, so its cost must
// not grow with the collection. On MongoDB that is the `_id` index. On devdb it
// is devdb's own index (FerretDB v1's does not serve its lookups; see
// tools/devdb/idindex.go), which must be there for every collection, also one
// made by an upsert, and one dropped and made again.

/** What the database says it will do for a find by `_id`: SQLite's plan on devdb, the winning plan on MongoDB. */
async function lookupPlan(collection: Collection, id: unknown): Promise<string> {
  const explained: Document = await collection.find({ _id: id } as Document).explain('queryPlanner');
  return JSON.stringify(explained.queryPlanner);
}

const INDEXED = /USING INDEX|IDHACK|EXPRESS_IXSCAN|IXSCAN/;

describe('lookups by _id', () => {
  const database = useTestDatabase('id_lookups');

  const cases = [
    {
      name: 'a collection made by inserts, with string ids',
      make: async (c: Collection) => void (await c.insertMany([{ _id: 'a' }, { _id: 'b' }] as Document[])),
      id: 'b',
    },
    {
      name: 'a collection made by an upsert',
      make: async (c: Collection) =>
        void (await c.findOneAndUpdate({ _id: 'recent' } as Document, { $set: { n: 1 } }, { upsert: true })),
      id: 'recent',
    },
    {
      name: 'a collection dropped and made again',
      make: async (c: Collection) => {
        await c.insertOne({ x: 1 });
        await c.drop();
        await c.insertOne({ _id: 'again' } as Document);
      },
      id: 'again',
    },
  ];

  it.each(cases)('$name: served by an index', async ({ name, make, id }) => {
    const collection = database.db.collection(name.replaceAll(/\W+/g, '_'));
    await make(collection);
    expect(await collection.findOne({ _id: id } as Document)).not.toBeNull();
    expect(await lookupPlan(collection, id)).toMatch(INDEXED);
  });
});
