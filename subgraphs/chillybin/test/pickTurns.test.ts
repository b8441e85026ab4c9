import { describe, expect, it } from 'vitest';
import { scrape, total } from '../../../tools/dev/prometheus.js';
import { CHILLYBIN, startAlone } from '../../../test/support/serviceAlone.js';
import { eventually } from '../../../tools/dev/eventually.js';

// chillybin with one pick at a time and none waiting (PICKS_AT_ONCE=1,
// PICKS_WAITING=0). The pick that holds the turn is one that follows another
// instance's run of the same order, recorded in the database as under way: it
// waits for that run, in its turn, until the test ends the run.

const PICK = /* GraphQL */ `
  mutation Pick($input: PickIngredientsInput!) { pickIngredients(input: $input) { id status } }
`;
const CHEESE = [{ name: 'cheese', quantity: 1 }];

async function startChillybin() {
  const chillybin = await startAlone(CHILLYBIN, { PICKS_AT_ONCE: '1', PICKS_WAITING: '0' });
  const metric = async (name: string, labels: Record<string, string> = {}) =>
    total(await scrape(chillybin.url), name, labels);
  return { ...chillybin.server, client: chillybin.client(), metric };
}

describe('picks when more come than may be picked at once', () => {
  it('refuses a pick that finds the turn taken, having taken and recorded nothing; the pick in its turn goes on', async () => {
    const chillybin = await startChillybin();
    await chillybin.stock.setLevels([{ name: 'cheese', quantity: 5 }]);
    await chillybin.orders.start({
      id: 'elsewhere',
      customer: null,
      items: CHEESE,
      createdAt: new Date(),
      deadline: new Date(Date.now() + 60_000),
    });
    const following = chillybin.client.request(PICK, { input: { orderId: 'elsewhere', items: CHEESE } });
    await eventually('the pick to take its turn', async () =>
      (await chillybin.metric('chillybin_picks_running')) === 1 ? true : undefined,
    );

    const refused = await chillybin.client.request(PICK, { input: { orderId: 'refused', items: CHEESE } });

    expect(refused.data).toBeNull();
    expect(refused.errors?.[0]).toMatchObject({
      message: 'Too many picks are under way to start this one in time; nothing was taken. Try again shortly.',
      extensions: { code: 'OVERLOADED', reason: 'queue full' },
    });
    expect(await chillybin.orders.findRun('refused')).toBeNull();
    expect(await chillybin.orders.findOutcome('refused')).toBeNull();
    expect((await chillybin.stock.findByName('cheese'))?.quantity).toBe(5);

    // The other run ends having decided nothing (its instance died after undoing its take): the follower picks.
    await chillybin.orders.end('elsewhere');
    expect((await following).data).toEqual({ pickIngredients: { id: 'elsewhere', status: 'PICKED' } });
    expect((await chillybin.stock.findByName('cheese'))?.quantity).toBe(4);
    expect({
      refused: await chillybin.metric('chillybin_picks_refused_total', { reason: 'queue full' }),
      running: await chillybin.metric('chillybin_picks_running'),
      waiting: await chillybin.metric('chillybin_picks_waiting'),
    }).toEqual({ refused: 1, running: 0, waiting: 0 });
  });
});
