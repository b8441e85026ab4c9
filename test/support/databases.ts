import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type Document } from 'mongodb';
import { inject } from 'vitest';

export function mongodbUri(): string {
  return inject('mongodbUri');
}

/** A database name no other test file uses, so files can run in parallel. */
export function uniqueDbName(prefix: string): string {
  return `${prefix}_t${randomBytes(4).toString('hex')}`;
}

export async function dropDatabases(names: string[]): Promise<void> {
  const client = new MongoClient(mongodbUri());
  try {
    for (const name of names) await client.db(name).dropDatabase();
  } finally {
    await client.close();
  }
}

/** Every index in a database, by collection, for comparing before and after. */
export async function indexesOf(db: Db): Promise<Record<string, Document[]>> {
  const collections = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).sort();
  const entries = await Promise.all(collections.map(async (c) => [c, await db.collection(c).listIndexes().toArray()] as const));
  return Object.fromEntries(entries);
}
