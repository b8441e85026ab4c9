import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PUT_BACKS, type PutBackDocument } from '../src/chillybin/PutBackOutbox.js';
import { TOASTIES } from '../src/toasties/ToastieRepository.js';
import { mongodbUri } from '../../../test/support/databases.js';
import { eventually } from '../../../test/support/processes.js';
import { startSystem, type System } from '../../../test/support/system.js';

// Put-backs left owing by a jafflr that stopped: the next one finds them in the
// database and settles each exactly once.

let system: System;
let mongo: MongoClient;

beforeAll(async () => {
  system = await startSystem({ PUT_BACK_RETRY_MS: '100' });
  mongo = await new MongoClient(mongodbUri()).connect();
});
afterAll(async () => {
  await mongo?.close();
  await system?.stop();
});

async function cheese(): Promise<number> {
  const { ingredient } = await system.gateway.data(`{ ingredient(name: "cheese") { quantity } }`);
  return ingredient.quantity;
}

const cases = [
  { name: 'an abandoned put-back is made once', toastieRecorded: false, expectedChange: 3 },
  { name: 'a put-back for a toastie recorded after all is dropped: the toastie holds the stock', toastieRecorded: true, expectedChange: 0 },
];

describe('the put-back outbox', () => {
  it.each(cases)('$name', async ({ toastieRecorded, expectedChange }) => {
    await system.admin.data(`mutation { restock { name } }`);
    const before = await cheese();
    const db = mongo.db(system.dbNames.jafflr);
    const toastieId = new ObjectId();
    if (toastieRecorded) {
      await db.collection(TOASTIES).insertOne({ _id: toastieId, ingredients: ['cheese'], doneness: 'LIGHT', createdAt: new Date() });
    }
    const entry: PutBackDocument = {
      _id: new ObjectId(),
      ingredient: 'cheese',
      quantity: 3,
      state: 'owed',
      toastieId: toastieId.toHexString(),
      createdAt: new Date(Date.now() - 60_000),
      // The jafflr that wrote it stopped: its lease ran out.
      leaseUntil: new Date(Date.now() - 1000),
    };
    await db.collection<PutBackDocument>(PUT_BACKS).insertOne(entry);

    await eventually('the entry is settled', async () =>
      (await db.collection(PUT_BACKS).countDocuments({ _id: entry._id })) === 0 ? true : undefined,
    );
    expect((await cheese()) - before).toBe(expectedChange);
  });
});
