import { describe, expect, it } from 'vitest';
import { createLogger } from '../platform/logger.js';
import { ChillybinClient } from '../subgraphs/jafflr/src/chillybin/ChillybinClient.js';
import { ChillybinPicker, undoStepsFor, type PickVersion } from '../subgraphs/jafflr/src/toasties/ChillybinPicker.js';
import { toastieIngredients } from '../subgraphs/jafflr/src/toasties/rules.js';
import { ToastieRepository } from '../subgraphs/jafflr/src/toasties/ToastieRepository.js';
import { ToastiesInProgress, type ToastieInProgress } from '../subgraphs/jafflr/src/toasties/ToastiesInProgress.js';
import { useToastieSystem } from './support/toastieSteps.js';

// The makeToastie saga stopped after each of its steps, as a jafflr killed
// there leaves it, and what one round of the settler makes of it: every
// toastie ends MADE with its stock taken, or FAILED with its stock back.
// The background rounds are off, so each round here is the only one.

const { system, steps } = useToastieSystem({ SETTLE_INTERVAL_MS: '600000', SWEEP_INTERVAL_MS: '600000' });
const logger = createLogger({ service: 'test', version: 'test', level: 'silent' });
const STOCK = { cheese: 10, bread: 10, vegemite: 10 };

type Step = 'recorded' | 'picked one item' | 'picked' | 'made' | 'failed, not undone';

const crashes: { after: Step; outcome: 'MADE' | 'FAILED'; taken: boolean }[] = [
  { after: 'recorded', outcome: 'FAILED', taken: false },
  { after: 'picked one item', outcome: 'FAILED', taken: false },
  { after: 'picked', outcome: 'FAILED', taken: false },
  { after: 'made', outcome: 'MADE', taken: true },
  { after: 'failed, not undone', outcome: 'FAILED', taken: false },
];
const versions: PickVersion[] = ['v1', 'v2'];
const cases = versions.flatMap((version) => crashes.map((crash) => ({ ...crash, version })));

/** `toasties(last: 20)`, the page read from the list of recent toasties. */
async function listed(): Promise<string[]> {
  const { toasties } = await system().gateway.data<{ toasties: { id: string }[] }>(`{ toasties(last: 20) { id } }`);
  return toasties.map(({ id }) => id);
}

function parts() {
  const { db } = system().servers.jafflr;
  const client = new ChillybinClient({
    urls: [system().urls.chillybin],
    timeoutMs: 2000,
    subgraphSecret: system().secrets.subgraph,
  });
  return {
    client,
    picker: new ChillybinPicker(client),
    toasties: new ToastieRepository(db),
    inProgress: new ToastiesInProgress(db),
  };
}

describe('the settler, after a jafflr killed at each step of making a toastie', () => {
  it.each(cases)('$version, killed after "$after": $outcome', async ({ version, after, outcome, taken }) => {
    await steps.restock(Object.entries(STOCK).map(([name, quantity]) => ({ name, quantity })));
    const { client, picker, toasties, inProgress } = parts();
    const scope = { requestId: `settle-test-${version}`, logger };
    try {
      const ingredients = toastieIngredients(['cheese', 'vegemite']);
      const toastie = toasties.plan(ingredients, 'LIGHT', null);
      // Already overdue: its maker is gone.
      const record: ToastieInProgress = {
        toastie,
        undo: undoStepsFor(toastie.id, ingredients, version),
        deadline: new Date(Date.now() - 1),
      };
      await inProgress.add(record);
      if (after === 'picked one item') {
        const [first] = record.undo;
        if (first?.kind === 'putBack') await client.pick(first, scope);
        else
          await client.pickIngredients(
            { orderId: first!.orderId, customer: null, items: [{ name: 'cheese', quantity: 1 }] },
            scope,
          );
      }
      if (['picked', 'made', 'failed, not undone'].includes(after))
        expect(await picker.pick(record.undo, ingredients, null, scope)).toEqual({ ok: true });
      if (after === 'made') await toasties.decide(toastie, 'MADE');
      if (after === 'failed, not undone')
        await toasties.decide(toastie, 'FAILED', { code: 'INTERNAL_SERVER_ERROR', message: 'x', extensions: {} });

      // Killed between the decision and the list: not shown until settled.
      expect(await listed()).not.toContain(toastie.id);
      await system().servers.jafflr.settler.round();

      expect(await inProgress.find(toastie.id)).toBeNull();
      expect((await toasties.findOutcome(toastie.id))?.status).toBe(outcome);
      expect((await listed()).includes(toastie.id)).toBe(outcome === 'MADE');
      expect(await steps.stockLevels()).toEqual(taken ? { cheese: 9, bread: 8, vegemite: 9 } : STOCK);
      // A second round, and a pick arriving late under the same names, change nothing.
      await system().servers.jafflr.settler.round();
      await picker.pick(record.undo, ingredients, null, scope);
      expect(await steps.stockLevels()).toEqual(taken ? { cheese: 9, bread: 8, vegemite: 9 } : STOCK);
    } finally {
      await client.close();
    }
  });
});

describe('a keyed retry of a toastie its maker left', () => {
  it('settles the overdue toastie at once and makes the toastie under the same key', async () => {
    const { client, toasties, inProgress } = parts();
    try {
      const key = `left-behind-${Date.now()}`;
      const ingredients = toastieIngredients(['cheese']);
      const toastie = toasties.plan(ingredients, 'LIGHT', null);
      await inProgress.add({
        toastie,
        undo: undoStepsFor(toastie.id, ingredients, 'v1'),
        deadline: new Date(Date.now() - 1),
      });
      const keys = system().servers.jafflr.db.collection('toastie_keys');
      await keys.insertOne({
        _id: key as never,
        toastieId: toastie.id,
        fingerprint: JSON.stringify([ingredients, 'LIGHT', null]),
        createdAt: new Date(),
      });

      const retry = await steps.make({ fillings: ['cheese'], idempotencyKey: key });
      expect(retry.errors).toBeUndefined();
      expect(retry.data?.makeToastie.id).not.toBe(toastie.id);
      expect((await toasties.findOutcome(toastie.id))?.status).toBe('FAILED');
      expect(await steps.stockLevels()).toEqual({ cheese: 9, bread: 8, vegemite: 10 });
    } finally {
      await client.close();
    }
  });
});
