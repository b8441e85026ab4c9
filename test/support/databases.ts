import { randomBytes } from 'node:crypto';
import { MongoClient } from 'mongodb';
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
