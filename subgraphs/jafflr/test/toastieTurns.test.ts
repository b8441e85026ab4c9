import { describe, expect, it, onTestFinished } from 'vitest';
import { REQUEST_TIMEOUT_HEADER } from '../../../platform/requestScope.js';
import type { GraphQLResult } from '../../../test/support/graphqlClient.js';
import { scrape, total } from '../../../tools/dev/prometheus.js';
import { JAFFLR, startAlone, type Alone } from '../../../test/support/serviceAlone.js';
import { startServer, type TestServer } from '../../../test/support/stubServers.js';
import { eventually } from '../../../tools/dev/eventually.js';
import { TOASTIES_IN_PROGRESS } from '../src/toasties/ToastiesInProgress.js';

// jafflr with one toastie at a time and one waiting (TOASTIES_AT_ONCE=1,
// TOASTIES_WAITING=1), against a chilly bin that holds every pick until the
// test releases it: the first toastie runs, the second waits, the third is
// refused, and the ones that wait or are refused write nothing.

const MAKE = /* GraphQL */ `mutation { makeToastie(input: { ingredients: ["cheese"] }) { id doneness } }`;

interface Stall extends Alone<ReturnType<typeof JAFFLR.createServer>> {
  /** Holds every pick until released, then answers each as taken. */
  chillybin: TestServer;
}

/** jafflr with one toastie at a time and one waiting, its chilly bin held; all of it gone when the test ends. */
async function startStall(): Promise<Stall> {
  const chillybin = await startServer('held', { answer: { data: { pick: { quantity: 1 } } } });
  const jafflr = await startAlone(JAFFLR, {
    CHILLYBIN_URL: chillybin.url,
    CHILLYBIN_TIMEOUT_MS: '20000',
    TOASTIE_DEADLINE_MS: '20000',
    TOASTIES_AT_ONCE: '1',
    TOASTIES_WAITING: '1',
  });
  // Registered after jafflr's stop, so run before it: held picks are answered before jafflr stops.
  onTestFinished(() => chillybin.release());
  return { ...jafflr, chillybin };
}

async function metric(stall: Stall, name: string, labels: Record<string, string> = {}): Promise<number> {
  return total(await scrape(stall.url), name, labels);
}

/** A toastie whose picks have reached the chilly bin and are held there; `made` is its answer, once it comes. */
async function runningToastie(stall: Stall): Promise<{ made: Promise<GraphQLResult> }> {
  const made = stall.client().request(MAKE);
  const answeredFirst = made.then((result) => {
    throw new Error(`answered before its picks were held: ${JSON.stringify(result)}`);
  });
  await Promise.race([
    eventually('the toastie to pick both its ingredients', async () =>
      stall.chillybin.requests === 2 ? true : undefined,
    ),
    answeredFirst,
  ]);
  answeredFirst.catch(() => undefined);
  return { made };
}

async function inProgress(stall: Stall): Promise<number> {
  return stall.server.db.collection(TOASTIES_IN_PROGRESS).countDocuments();
}

describe('makeToastie when more toasties come than may be made at once', () => {
  it('runs one, lets one wait without writing, refuses the rest at once; the waiter is made when its turn comes', async () => {
    const stall = await startStall();
    const { made: first } = await runningToastie(stall);
    const second = stall.client().request(MAKE);
    await eventually('the second toastie to wait for a turn', async () =>
      (await metric(stall, 'jafflr_toasties_waiting')) === 1 ? true : undefined,
    );

    const third = await stall.client().request(MAKE);

    expect(third.data).toBeNull();
    expect(third.errors?.[0]).toMatchObject({
      message: 'Too many toasties are under way to start this one in time; nothing was taken. Try again shortly.',
      extensions: { code: 'OVERLOADED', reason: 'queue full' },
    });
    // Only the first toastie is recorded in progress: the waiting one and the refused one wrote nothing.
    expect(await inProgress(stall)).toBe(1);
    expect(stall.chillybin.requests).toBe(2);

    stall.chillybin.release();
    const made = await Promise.all([first, second]);
    expect(made.map((result) => result.data?.makeToastie)).toEqual([
      { id: expect.any(String), doneness: 'LIGHT' },
      { id: expect.any(String), doneness: 'LIGHT' },
    ]);
    expect(stall.chillybin.requests).toBe(4);
    expect({
      refused: await metric(stall, 'jafflr_toasties_refused_total', { reason: 'queue full' }),
      running: await metric(stall, 'jafflr_toasties_running'),
      waiting: await metric(stall, 'jafflr_toasties_waiting'),
    }).toEqual({ refused: 1, running: 0, waiting: 0 });
  });

  it("refuses a waiting toastie when its turn would come after its caller's deadline, having taken nothing", async () => {
    const stall = await startStall();
    const { made: first } = await runningToastie(stall);
    // 600 ms, less the 250 ms kept for the answer and the 100 ms a pick needs at least: 250 ms to get a turn.
    const hurried = stall.client({ [REQUEST_TIMEOUT_HEADER]: '600' });

    const result = await hurried.request(MAKE);

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'OVERLOADED', reason: 'no turn in time' });
    expect(await inProgress(stall)).toBe(1);
    expect(stall.chillybin.requests).toBe(2);
    expect(await metric(stall, 'jafflr_toasties_refused_total', { reason: 'no turn in time' })).toBe(1);

    stall.chillybin.release();
    expect((await first).data?.makeToastie).toMatchObject({ doneness: 'LIGHT' });
  });

  it('gives up a waiting toastie whose caller closes its connection, having taken nothing, and frees its place', async () => {
    const stall = await startStall();
    const { made: first } = await runningToastie(stall);
    const caller = new AbortController();
    const leaving = stall.client().request(MAKE, undefined, { signal: caller.signal });
    await eventually('the second toastie to wait for a turn', async () =>
      (await metric(stall, 'jafflr_toasties_waiting')) === 1 ? true : undefined,
    );

    caller.abort();
    await expect(leaving).rejects.toThrow();
    await eventually('the toastie whose caller left to leave the queue', async () =>
      (await metric(stall, 'jafflr_toasties_waiting')) === 0 ? true : undefined,
    );

    // Its place is free: the next toastie waits rather than being refused, and is made in its turn.
    const next = stall.client().request(MAKE);
    await eventually('the next toastie to wait for a turn', async () =>
      (await metric(stall, 'jafflr_toasties_waiting')) === 1 ? true : undefined,
    );
    expect(await inProgress(stall)).toBe(1);
    expect(stall.chillybin.requests).toBe(2);
    stall.chillybin.release();
    const made = await Promise.all([first, next]);
    expect(made.map((result) => result.data?.makeToastie)).toEqual([
      { id: expect.any(String), doneness: 'LIGHT' },
      { id: expect.any(String), doneness: 'LIGHT' },
    ]);
    // Two toasties' picks (two ingredients each): none for the one whose caller left.
    expect(stall.chillybin.requests).toBe(4);
    expect({
      abandoned: await metric(stall, 'jafflr_toasties_abandoned_total'),
      refused: await metric(stall, 'jafflr_toasties_refused_total'),
      made: await metric(stall, 'jafflr_toasties_made_total'),
    }).toEqual({ abandoned: 1, refused: 0, made: 2 });
  });
});
