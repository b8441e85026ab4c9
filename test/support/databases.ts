import { randomBytes } from 'node:crypto';
import { MongoClient, type Db, type Document } from 'mongodb';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectMongo } from '../../platform/mongo.js';

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
  const entries = await Promise.all(
    collections.map(async (c) => [c, await db.collection(c).listIndexes().toArray()] as const),
  );
  return Object.fromEntries(entries);
}

export interface TestDatabase {
  /** The database of this test file; valid from beforeAll on. */
  readonly db: Db;
  readonly mongo: MongoClient;
  readonly name: string;
}

/**
 * A database of this test file's own on the real server: connected before the
 * tests, dropped after them. Call it at the top level of a test file.
 */
export function useTestDatabase(prefix: string, options: { monitorCommands?: boolean } = {}): TestDatabase {
  const name = uniqueDbName(prefix);
  let mongo: MongoClient | undefined;
  beforeAll(async () => {
    mongo = await connectMongo({ uri: mongodbUri(), timeoutMs: 5000, appName: 'test', ...options });
  });
  afterAll(async () => {
    await mongo?.close();
    await dropDatabases([name]);
  });
  return {
    name,
    get mongo() {
      if (!mongo) throw new Error('useTestDatabase: the database is ready only from beforeAll on');
      return mongo;
    },
    get db() {
      return this.mongo.db(name);
    },
  };
}
