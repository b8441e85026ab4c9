import { describe, expect, it } from 'vitest';
import { scrape, total } from '../../../tools/dev/prometheus.js';
import { CHILLYBIN, startAlone } from '../../../test/support/serviceAlone.js';
import { eventually } from '../../../tools/dev/eventually.js';

// chillybin with one pick at a time and none waiting (PICKS_AT_ONCE=1,
// PICKS_WAITING=0), or one waiting. The pick that holds the turn is one that follows another
// instance's run of the same order, recorded in the database as under way: it
// waits for that run, in its turn, until the test ends the run.

const PICK = /* GraphQL */ `
  mutation Pick($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }
`;
const CHEESE = [{ name: 'cheese', quantity: 1 }];

/** A pick that holds the only turn until `end` is called: it follows another instance's run of its order. */
async function pickHoldingTheTurn(chillybin: Awaited<ReturnType<typeof startChillybin>>) {
  await chillybin.orders.start({
    id: 'elsewhere',
    customer: null,
    items: CHEESE,
    createdAt: new Date(),
    deadline: new Date(Date.now() + 60_000),
  });
  const picked = chillybin.client.request(PICK, { input: { orderId: 'elsewhere', items: CHEESE } });
  await eventually('the pick to take its turn', async () =>
    (await chillybin.metric('chillybin_picks_running')) === 1 ? true : undefined,
  );
  // The other run ends having decided nothing (its instance died after undoing its take): the follower picks.
  return { picked, end: () => chillybin.orders.end('elsewhere') };
}

async function startChillybin(waiting = 0) {
  const chillybin = await startAlone(CHILLYBIN, { PICKS_AT_ONCE: '1', PICKS_WAITING: String(waiting) });
  const metric = async (name: string, labels: Record<string, string> = {}) =>
    total(await scrape(chillybin.url), name, labels);
  return { ...chillybin.server, client: chillybin.client(), metric };
}

describe('picks when more come than may be picked at once', () => {
  it('refuses a pick that finds the turn taken, having taken and recorded nothing; the pick in its turn goes on', async () => {
    const chillybin = await startChillybin();
    await chillybin.stock.setLevels([{ name: 'cheese', quantity: 5 }]);
    const following = await pickHoldingTheTurn(chillybin);

    const refused = await chillybin.client.request(PICK, { input: { orderId: 'refused', items: CHEESE } });

    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Too many picks are under way to start this one in time; nothing was taken. Try again shortly.',
      extensions: { code: 'OVERLOADED', reason: 'queue full' },
    });
    expect(await chillybin.orders.findRun('refused')).toBeNull();
    expect(await chillybin.orders.findOutcome('refused')).toBeNull();
    expect((await chillybin.stock.findByName('cheese'))?.quantity).toBe(5);

    await following.end();
    expect((await following.picked).data).toEqual({ pickIngredients: { id: 'elsewhere', status: 'PICKED' } });
    expect((await chillybin.stock.findByName('cheese'))?.quantity).toBe(4);
    expect({
      refused: await chillybin.metric('chillybin_picks_refused_total', { reason: 'queue full' }),
      running: await chillybin.metric('chillybin_picks_running'),
      waiting: await chillybin.metric('chillybin_picks_waiting'),
    }).toEqual({ refused: 1, running: 0, waiting: 0 });
  });

  it('gives up a waiting pick whose caller closes its connection, having taken and recorded nothing', async () => {
    const chillybin = await startChillybin(1);
    await chillybin.stock.setLevels([{ name: 'cheese', quantity: 5 }]);
    const following = await pickHoldingTheTurn(chillybin);
    const caller = new AbortController();
    const leaving = chillybin.client.request(
      PICK,
      { input: { orderId: 'left', items: CHEESE } },
      { signal: caller.signal },
    );
    await eventually('the second pick to wait for a turn', async () =>
      (await chillybin.metric('chillybin_picks_waiting')) === 1 ? true : undefined,
    );

    caller.abort();
    await expect(leaving).rejects.toThrow();
    await eventually('the pick whose caller left to leave the queue', async () =>
      (await chillybin.metric('chillybin_picks_waiting')) === 0 ? true : undefined,
    );

    await following.end();
    expect((await following.picked).data).toEqual({ pickIngredients: { id: 'elsewhere', status: 'PICKED' } });
    expect(await chillybin.orders.findRun('left')).toBeNull();
    expect(await chillybin.orders.findOutcome('left')).toBeNull();
    expect((await chillybin.stock.findByName('cheese'))?.quantity).toBe(4);
    expect({
      abandoned: await chillybin.metric('chillybin_picks_abandoned_total'),
      refused: await chillybin.metric('chillybin_picks_refused_total'),
      running: await chillybin.metric('chillybin_picks_running'),
    }).toEqual({ abandoned: 1, refused: 0, running: 0 });
  });
});
