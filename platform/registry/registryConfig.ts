import type { Db, MongoClient } from 'mongodb';
import { env } from '../config.js';
import { connectMongo } from '../mongo.js';
import { SchemaRegistry, setupRegistry } from './SchemaRegistry.js';
import { UsageHistory } from './UsageHistory.js';

export interface RegistryConfig {
  uri: string;
  dbName: string;
  timeoutMs: number;
}

/** The variables that say where the registry is: its own URI, else the services' MONGODB_URI. */
export const registryEnv = () => ({
  REGISTRY_MONGODB_URI: env.mongoUri().optional(),
  MONGODB_URI: env.mongoUri().optional(),
  REGISTRY_DB: env.dbName('registry'),
  DB_TIMEOUT_MS: env.positiveInt(3000),
});

/** The checks' settings beside where the registry is. */
export const registryCheckEnv = () => ({
  ...registryEnv(),
  // Like GraphOS's check window: a deprecated element used by a client within it may not be removed.
  USAGE_WINDOW_DAYS: env.positiveInt(7),
});

interface RegistryEnv {
  REGISTRY_MONGODB_URI?: string | undefined;
  MONGODB_URI?: string | undefined;
  REGISTRY_DB: string;
  DB_TIMEOUT_MS: number;
}

export function registryConfigOf(e: RegistryEnv): RegistryConfig | undefined {
  const uri = e.REGISTRY_MONGODB_URI ?? e.MONGODB_URI;
  return uri ? { uri, dbName: e.REGISTRY_DB, timeoutMs: e.DB_TIMEOUT_MS } : undefined;
}

/** The registry could not be reached (no URI, or the server did not answer): exit code 5 in the tools. */
export class RegistryUnreachableError extends Error {
  override name = 'RegistryUnreachableError';
}

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

/** A URI without its password, for messages. */
export function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
