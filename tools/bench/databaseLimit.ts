import { MongoClient } from 'mongodb';
import { ensureIndexes } from '../../platform/mongo.js';
import { CHILLYBIN_INDEXES } from '../../subgraphs/chillybin/src/db/indexes.js';
import { JAFFLR_INDEXES } from '../../subgraphs/jafflr/src/db/indexes.js';
import { OrderPicker } from '../../subgraphs/chillybin/src/orders/OrderPicker.js';
import { OrderRepository } from '../../subgraphs/chillybin/src/orders/OrderRepository.js';
import { INGREDIENTS, StockRepository } from '../../subgraphs/chillybin/src/stock/StockRepository.js';
import { undoStepsFor } from '../../subgraphs/jafflr/src/toasties/ChillybinPicker.js';
import { ToastieRepository } from '../../subgraphs/jafflr/src/toasties/ToastieRepository.js';
import { ToastiesInProgress } from '../../subgraphs/jafflr/src/toasties/ToastiesInProgress.js';
import { pino } from 'pino';
import { toastieIngredients } from '../../subgraphs/jafflr/src/toasties/rules.js';
import type { Measurement } from './measurement.js';
import { percentile } from './measurement.js';

/** The order every makeToastie in the benchmark places: cheese, plus the two slices of bread. */
export const BENCH_ORDER = { fillings: ['cheese'], picks: { cheese: 1, bread: 2 } } as const;

/**
 * The database's own ceiling for what one toastie writes, with no HTTP and no
 * GraphQL: the toastie recorded in progress, its keyed v1 picks (each a
 * one-item order: run, conditional take with its hold, outcome, its place in
 * the order list, release, end; concurrently, as ToastieMaker sends them), the
 * toastie's outcome, its place in the list of recent toasties and the end of
 * its record, each made by the services' own repositories, from
 * `connections` concurrent loops. The writes
 * go where the services make them: the picks to a database of chillybin's
 * layout (its indexes, a copy of its ingredient documents: FerretDB reads every
 * document of the collection for a conditional update, so their number and
 * size count), the toastie to another with jafflr's (each service owns its
 * database, and devdb's SQLite keeps each database in a file of its own). A
 * toastie through the gateway cannot be faster than this.
 */
export async function measureDatabaseLimit({
  uri,
  dbNames,
  ingredientsFrom,
  connections,
  seconds,
}: {
  uri: string;
  /** Scratch databases, dropped afterwards: one in chillybin's place, one in jafflr's. */
  dbNames: { chillybin: string; jafflr: string };
  /** chillybin's database, whose ingredient documents are copied. */
  ingredientsFrom: string;
  connections: number;
  seconds: number;
}): Promise<Measurement> {
  const client = new MongoClient(uri, { maxPoolSize: connections, appName: 'bench' });
  await client.connect();
  try {
    const chillybinDb = client.db(dbNames.chillybin);
    const jafflrDb = client.db(dbNames.jafflr);
    const ingredients = chillybinDb.collection(INGREDIENTS);
    const stock = new StockRepository(chillybinDb);
    const orders = new OrderPicker(stock, new OrderRepository(chillybinDb), pino({ level: 'silent' }));
    const toasties = new ToastieRepository(jafflrDb);
    const inProgress = new ToastiesInProgress(jafflrDb);
    const made = toastieIngredients([...BENCH_ORDER.fillings]);
    await ensureIndexes(chillybinDb, CHILLYBIN_INDEXES);
    await ensureIndexes(jafflrDb, JAFFLR_INDEXES);
    await ingredients.deleteMany({});
    const stocked = await client.db(ingredientsFrom).collection(INGREDIENTS).find({}).toArray();
    await ingredients.insertMany(stocked.map((document) => ({ ...document, quantity: 1_000_000_000 })));

    const latencies: number[] = [];
    let errors = 0;
    const end = performance.now() + seconds * 1000;
    const loop = async () => {
      while (performance.now() < end) {
        const started = performance.now();
        try {
          const toastie = toasties.plan(made, 'LIGHT', null);
          const undo = undoStepsFor(toastie.id, made, 'v1');
          await inProgress.add({ toastie, undo, deadline: new Date(Date.now() + 60_000) });
          await Promise.all(
            undo.map((step) =>
              step.kind === 'putBack'
                ? orders.pick(
                    { items: [{ name: step.name, quantity: step.quantity }], customer: null, orderId: step.key },
                    Date.now() + 60_000,
                  )
                : Promise.resolve(),
            ),
          );
          await toasties.list(await toasties.decide(toastie, 'MADE'));
          await inProgress.remove(toastie.id);
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
    for (const name of Object.values(dbNames))
      await client
        .db(name)
        .dropDatabase()
        .catch(() => undefined);
    await client.close();
  }
}
