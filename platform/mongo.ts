import type { Collection, Db, Filter, IndexDescription, MongoClient, OptionalUnlessRequiredId, WithId } from 'mongodb';
import type { ReadinessCheck } from './health.js';
import { isDatabaseOutage, isDuplicateKey } from './mongoErrors.js';
import { StartupError } from './startupError.js';
import { WatchedMongoClient } from './watchedMongoClient.js';

export interface MongoOptions {
  uri: string;
  /** Bounds every database call: server selection, connecting and each socket read. */
  timeoutMs: number;
  appName: string;
  monitorCommands?: boolean;
}

export async function connectMongo({
  uri,
  timeoutMs,
  appName,
  monitorCommands = false,
}: MongoOptions): Promise<MongoClient> {
  const client = new WatchedMongoClient(uri, {
    appName,
    serverSelectionTimeoutMS: timeoutMs,
    connectTimeoutMS: timeoutMs,
    socketTimeoutMS: timeoutMs * 5,
    maxPoolSize: 20,
    // A restarted database is noticed within a second or two, rather than the driver's default ten.
    heartbeatFrequencyMS: 1000,
    monitorCommands,
  });
  try {
    await client.connect();
  } catch (err) {
    await client.close().catch(() => undefined);
    if (!isDatabaseOutage(err)) throw err;
    throw new StartupError(
      `${appName} could not reach its database at ${withoutCredentials(uri)} within ${timeoutMs} ms (${(err as Error).message}). ` +
        'Start one with `npm run devdb` and set MONGODB_URI to the URI it prints (`npm start` does both), or point MONGODB_URI at a running MongoDB.',
      { cause: err },
    );
  }
  return client;
}

/** A MongoDB URI as it may be printed: without the user and password in it. */
function withoutCredentials(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)[^@/]*@/, '$1…@');
}

export function mongoReadinessCheck(db: Db): ReadinessCheck {
  return { name: 'mongodb', check: async () => void (await db.command({ ping: 1 })) };
}

/** An index a collection needs, declared once and created idempotently at start-up. */
export interface IndexDeclaration extends IndexDescription {
  collection: string;
  name: string;
}

export class IndexClashError extends StartupError {
  override name = 'IndexClashError';

  constructor(
    readonly collection: string,
    readonly index: string,
    detail: string,
  ) {
    super(
      `Index ${collection}.${index} clashes with an existing index: ${detail}. Drop or rename one of them, then start again.`,
    );
  }
}

export interface IndexReport {
  created: string[];
  unchanged: string[];
}

const comparedOptions = ['unique', 'sparse', 'expireAfterSeconds'] as const;

/**
 * ensureIndex, the MongoDB way of migrating: each declared index is created
 * when missing and left alone when present with the same definition, so a
 * second run changes nothing. An existing index with the same name but another
 * definition, or the same keys under another name, stops the run and names it.
 */
export async function ensureIndexes(db: Db, declarations: IndexDeclaration[]): Promise<IndexReport> {
  const report: IndexReport = { created: [], unchanged: [] };
  for (const { collection, key, name, ...options } of declarations) {
    const existing = await listIndexes(db, collection);
    const wantedKey = JSON.stringify(key);
    const sameName = existing.find((ix) => ix.name === name);
    const label = `${collection}.${name}`;

    if (sameName) {
      if (JSON.stringify(sameName.key) !== wantedKey) {
        throw new IndexClashError(
          collection,
          name,
          `it has keys ${JSON.stringify(sameName.key)}, declared ${wantedKey}`,
        );
      }
      for (const option of comparedOptions) {
        const have = sameName[option] ?? (option === 'expireAfterSeconds' ? undefined : false);
        const want = options[option] ?? (option === 'expireAfterSeconds' ? undefined : false);
        if (have !== want) {
          throw new IndexClashError(collection, name, `${option} is ${String(have)}, declared ${String(want)}`);
        }
      }
      report.unchanged.push(label);
      continue;
    }
    const sameKey = existing.find((ix) => JSON.stringify(ix.key) === wantedKey);
    if (sameKey) {
      throw new IndexClashError(collection, name, `index ${sameKey.name} already has keys ${wantedKey}`);
    }
    await db.collection(collection).createIndex(key, { ...options, name });
    report.created.push(label);
  }
  return report;
}

interface ExistingIndex {
  name: string;
  key: Record<string, unknown>;
  unique?: boolean;
  sparse?: boolean;
  expireAfterSeconds?: number;
}

async function listIndexes(db: Db, collection: string): Promise<ExistingIndex[]> {
  const exists = await db.listCollections({ name: collection }, { nameOnly: true }).hasNext();
  if (!exists) return [];
  return (await db.collection(collection).listIndexes().toArray()) as ExistingIndex[];
}

/**
 * Inserts a document whose `_id` decides a race: the first insert wins, and
 * every later one gets the document that won. An `_id` lookup is the one query
 * every MongoDB-compatible database answers from its primary key, so each
 * step costs the same however large the collection grows.
 */
export async function insertOrFind<T extends { _id: unknown }>(
  collection: Collection<T>,
  document: OptionalUnlessRequiredId<T>,
): Promise<{ inserted: true } | { inserted: false; existing: WithId<T> }> {
  try {
    await collection.insertOne(document);
    return { inserted: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
  }
  const existing = await collection.findOne({ _id: document._id } as Filter<T>);
  if (!existing)
    throw new Error(`${collection.collectionName} ${String(document._id)} clashed on insert but cannot be found`);
  return { inserted: false, existing };
}
