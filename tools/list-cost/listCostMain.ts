import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MongoClient, ObjectId, type Db } from 'mongodb';
import { setupDatabase as setupChillybin } from '../../subgraphs/chillybin/src/db/setupDatabase.js';
import { ORDERS, OrderRepository } from '../../subgraphs/chillybin/src/orders/OrderRepository.js';
import { setupDatabase as setupJafflr } from '../../subgraphs/jafflr/src/db/setupDatabase.js';
import { TOASTIES, ToastieRepository } from '../../subgraphs/jafflr/src/toasties/ToastieRepository.js';
import { readCpuSeconds } from '../bench/memory.js';
import { startDevDb } from '../dev/devdb.js';

// `npm run bench:lists`: what one `toasties(last: 20)` and one `orders(customer:)` cost the database, by the
// size of the collection, read the way this version reads them (the lists) and the way the last one did (a
// sorted find). The cost is devdb's CPU time per read (or MongoDB's with MONGODB_URI, whose CPU is not ours
// to read: then only the documents examined, from explain). Nothing here is timed by the clock.

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '100,5000,20000' }, reads: { type: 'string', default: '400' } },
});
const sizes = values.sizes.split(',').map(Number);
const reads = Number(values.reads);
// Few enough that at the smallest size each customer already has a full list: its read costs what it will.
const CUSTOMERS = 4;
const at = (i: number) => new Date(Date.UTC(2026, 0, 1) + i * 1000);

async function fill(jafflr: Db, chillybin: Db, from: number, to: number): Promise<void> {
  for (let start = from; start < to; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, to - start) }, (_, j) => start + j);
    await jafflr.collection(TOASTIES).insertMany(
      batch.map((i) => ({
        _id: new ObjectId(),
        ingredients: ['cheese', 'bread', 'bread'],
        doneness: 'LIGHT',
        customer: null,
        createdAt: at(i),
        status: 'MADE',
        failure: null,
      })),
    );
    await chillybin.collection(ORDERS).insertMany(
      batch.map((i) => ({
        _id: `order-${i}` as never,
        customer: `customer${i % CUSTOMERS}`,
        items: [{ name: 'cheese', quantity: 1 }],
        createdAt: at(i),
        updatedAt: at(i),
        status: 'PICKED',
        pickedAt: at(i),
      })),
    );
  }
}

/** The database's CPU ms per call of `read`, over `count` calls one after another. */
async function cpuPerRead(pid: number | undefined, count: number, read: () => Promise<unknown>): Promise<string> {
  if (pid === undefined) return '-';
  const before = readCpuSeconds(pid)!;
  for (let i = 0; i < count; i++) await read();
  return (((readCpuSeconds(pid)! - before) * 1000) / count).toFixed(3);
}

const dataDir = process.env.MONGODB_URI ? undefined : mkdtempSync(join(tmpdir(), 'list-cost-'));
const devdb = dataDir ? await startDevDb({ dataDir }) : undefined;
const client = new MongoClient(process.env.MONGODB_URI ?? devdb!.uri);
await client.connect();
const jafflr = client.db(`list_cost_jafflr_${process.pid}`);
const chillybin = client.db(`list_cost_chillybin_${process.pid}`);
try {
  const toasties = new ToastieRepository(jafflr);
  const orders = new OrderRepository(chillybin);
  const rows: string[][] = [];
  let filled = 0;
  for (const size of sizes) {
    await fill(jafflr, chillybin, filled, size);
    filled = size;
    // A store from before the lists: the set-up builds them once, so rebuild them for this size.
    await jafflr.collection('toastie_lists').deleteMany({});
    await chillybin.collection('order_lists').deleteMany({});
    await setupJafflr(jafflr);
    await setupChillybin(chillybin);
    const pid = devdb?.process.pid;
    const sorted = Math.max(5, Math.round(reads / Math.max(1, size / 500)));
    rows.push([
      String(size),
      await cpuPerRead(pid, reads, () => toasties.latest(20)),
      await cpuPerRead(pid, sorted, () =>
        jafflr
          .collection(TOASTIES)
          .find({ status: { $nin: ['PENDING', 'FAILED'] } }, { sort: { createdAt: -1, _id: -1 }, limit: 20 })
          .toArray(),
      ),
      await cpuPerRead(pid, reads, () => orders.list({ customer: 'customer3', limit: 20 })),
      await cpuPerRead(pid, sorted, () =>
        chillybin
          .collection(ORDERS)
          .find({ customer: 'customer3' }, { sort: { createdAt: -1, _id: -1 }, limit: 20 })
          .toArray(),
      ),
    ]);
    console.error(`measured ${size}`);
  }
  const header = [
    'documents',
    'toasties(last: 20), list',
    'toasties(last: 20), sorted find',
    'orders(customer:), list',
    'orders(customer:), sorted find',
  ];
  console.log(`database CPU ms per read (${reads} reads of each list; fewer of the sorted finds)\n`);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---:').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
} finally {
  await jafflr.dropDatabase().catch(() => undefined);
  await chillybin.dropDatabase().catch(() => undefined);
  await client.close();
  await devdb?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}
