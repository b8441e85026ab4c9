import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../../test/support/databases.js';
import { closeAfterTest, refusingUrl, startServer, type Behaviour } from '../../../test/support/stubServers.js';
import { ChillybinClient } from '../src/chillybin/ChillybinClient.js';
import { PUT_BACKS, PutBackOutbox, type PutBackDocument } from '../src/chillybin/PutBackOutbox.js';
import { ChillybinPicker } from '../src/toasties/ChillybinPicker.js';

// pickOrder (v2) against real local servers standing in for chillybin: which
// outcomes leave the order owed a cancel in jafflr's outbox (a real database).

const logger = pino({ level: 'silent' });
const database = useTestDatabase('jafflr');

const outOfStock = { data: null, errors: [{ message: 'Not enough cheese', extensions: { code: 'OUT_OF_STOCK', ingredient: 'cheese' } }] };
const picked = { data: { pickIngredients: { id: 'x', status: 'PICKED' } } };

const cases: { name: string; chillybin: Behaviour | 'refuse'; answer?: unknown; code?: string; cancelOwed: boolean }[] = [
  { name: 'picked: nothing owed', chillybin: 'answer', answer: picked, cancelOwed: false },
  { name: 'chillybin says no: a definite refusal, nothing owed', chillybin: 'answer', answer: outOfStock, code: 'OUT_OF_STOCK', cancelOwed: false },
  { name: 'no connection at all: chillybin never saw it, nothing owed', chillybin: 'refuse', code: 'CHILLYBIN_UNAVAILABLE', cancelOwed: false },
  { name: 'no answer to the pick nor its retry: a cancel is owed until chillybin answers', chillybin: 'reset', code: 'CHILLYBIN_UNAVAILABLE', cancelOwed: true },
  { name: 'answers too late: a cancel is owed', chillybin: 'slow', answer: picked, code: 'CHILLYBIN_UNAVAILABLE', cancelOwed: true },
];

describe('ChillybinPicker.pickOrder', () => {
  it.each(cases)('$name', async ({ name, chillybin, answer, code, cancelOwed }) => {
    const url = chillybin === 'refuse' ? await refusingUrl() : (await startServer(chillybin, { answer, slowMs: 500 })).url;
    const client = new ChillybinClient({ urls: [url], timeoutMs: 150, subgraphSecret: 'a-test-subgraph-secret' });
    closeAfterTest(client);
    // Not started: the cancel owed is tried once, at once, and stays in the database when it fails.
    const outbox = new PutBackOutbox(database.db, client, async () => false, logger, 60_000);
    const orderId = `order-${cases.findIndex((c) => c.name === name)}`;

    const outcome = await new ChillybinPicker(client, outbox)
      .pickOrder(orderId, new Map([['cheese', 1]]), null, { requestId: orderId, logger })
      .then(
        () => undefined,
        (err: { extensions?: { code?: string } }) => err.extensions?.code,
      );

    expect(outcome).toBe(code);
    const owed = await database.db.collection<PutBackDocument>(PUT_BACKS).find({ orderId }).toArray();
    expect(owed.map((entry) => entry.state)).toEqual(cancelOwed ? ['owed'] : []);
  });
});
