import { env } from '../config.js';

// Settings only: opening the registry (openRegistry.ts) loads the driver, which a gateway serving a file does not need.

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

/** A URI without its password, for messages. */
export function redact(uri: string): string {
  return uri.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}
