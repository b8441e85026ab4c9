import type { Db, MongoClient } from 'mongodb';
import { connectMongo } from '../mongo.js';
import { RegistryUnreachableError, redact, type RegistryConfig } from './registryConfig.js';
import { SchemaRegistry, setupRegistry } from './SchemaRegistry.js';
import { UsageHistory } from './UsageHistory.js';

export interface OpenRegistry {
  db: Db;
  schemas: SchemaRegistry;
  usage: UsageHistory;
  close(): Promise<void>;
}

/** Connects, checks the server answers, and sets up the indexes (idempotent, as the services do at start-up). */
export async function openRegistry(config: RegistryConfig, appName: string): Promise<OpenRegistry> {
  let mongo: MongoClient;
  try {
    mongo = await connectMongo({ uri: config.uri, timeoutMs: config.timeoutMs, appName });
  } catch (err) {
    throw new RegistryUnreachableError(`cannot reach the registry at ${redact(config.uri)}: ${(err as Error).message}`);
  }
  const db = mongo.db(config.dbName);
  try {
    await setupRegistry(db);
  } catch (err) {
    await mongo.close();
    throw new RegistryUnreachableError(
      `cannot set up the registry database ${config.dbName}: ${(err as Error).message}`,
    );
  }
  return { db, schemas: new SchemaRegistry(db), usage: new UsageHistory(db), close: () => mongo.close() };
}
