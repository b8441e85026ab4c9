import { MongoClient, ObjectId } from 'mongodb';
import { ensureIndexes } from '../../platform/mongo.js';
import { CHILLYBIN_INDEXES } from '../../subgraphs/chillybin/src/db/indexes.js';
import { JAFFLR_INDEXES } from '../../subgraphs/jafflr/src/db/indexes.js';
import { INGREDIENTS } from '../../subgraphs/chillybin/src/stock/StockRepository.js';
import { TOASTIES } from '../../subgraphs/jafflr/src/toasties/ToastieRepository.js';
import type { Measurement } from './measurement.js';
import { percentile } from './measurement.js';

/** The order every makeToastie in the benchmark places: cheese, plus the two slices of bread. */
export const BENCH_ORDER = { fillings: ['cheese'], picks: { cheese: 1, bread: 2 } } as const;

/**
 * The database's own ceiling for what one toastie writes, with no HTTP and no
 * GraphQL: the conditional stock updates of its picks (concurrently, as
 * ToastieMaker sends them) and then the toastie's insert, from `connections`
 * concurrent loops, on collections with the services' own indexes. A toastie
 * through the gateway cannot be faster than this.
 */
export async function measureDatabaseLimit({
  uri,
  dbName,
  connections,
  seconds,
}: {
  uri: string;
  dbName: string;
  connections: number;
  seconds: number;
}): Promise<Measurement> {
  const client = new MongoClient(uri, { maxPoolSize: connections, appName: 'bench' });
  await client.connect();
  try {
    const db = client.db(dbName);
    const ingredients = db.collection<{ name: string; quantity: number; updatedAt: Date }>(INGREDIENTS);
    const toasties = db.collection(TOASTIES);
    await ensureIndexes(db, [...CHILLYBIN_INDEXES, ...JAFFLR_INDEXES]);
    await ingredients.deleteMany({});
    await ingredients.insertMany(
      Object.keys(BENCH_ORDER.picks).map((name) => ({ name, quantity: 1_000_000_000, updatedAt: new Date() })),
    );

    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          const picked = await Promise.all(
            Object.entries(BENCH_ORDER.picks).map(([name, quantity]) =>
              ingredients.findOneAndUpdate(
                { name, quantity: { $gte: quantity } },
                { $inc: { quantity: -quantity }, $currentDate: { updatedAt: true } },
                { returnDocument: 'after' },
              ),
            ),
          );
          if (picked.some((p) => p === null)) throw new Error('a pick found no stock');
          await toasties.insertOne({
            _id: new ObjectId(),
            ingredients: [...BENCH_ORDER.fillings, 'bread', 'bread'],
            doneness: 'LIGHT',
            createdAt: new Date(),
          });
          latencies.push(performance.now() - started);
        } catch {
          errors += 1;
        }
      }
    };
    const began = performance.now();
    await Promise.all(Array.from({ length: connections }, loop));
    const elapsed = (performance.now() - began) / 1000;
    latencies.sort((a, b) => a - b);
    return {
      requests: latencies.length,
      seconds: elapsed,
      rps: latencies.length / elapsed,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      errors,
      non2xx: 0,
      graphqlErrors: 0,
    };
  } finally {
    await client.db(dbName).dropDatabase().catch(() => undefined);
    await client.close();
  }
}
