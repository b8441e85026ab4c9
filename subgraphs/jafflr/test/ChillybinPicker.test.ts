import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { closeAfterTest, refusingUrl, startServer, type Behaviour } from '../../../test/support/stubServers.js';
import { ChillybinClient } from '../src/chillybin/ChillybinClient.js';
import { ChillybinPicker, undoStepsFor, type PickVersion } from '../src/toasties/ChillybinPicker.js';

// A pick against real local servers standing in for chillybin: how it ended,
// and whether it certainly took nothing (so that there is nothing to undo).

const logger = pino({ level: 'silent' });

const outOfStock = {
  data: null,
  errors: [{ message: 'Not enough cheese', extensions: { code: 'OUT_OF_STOCK', ingredient: 'cheese' } }],
};
const picked = { data: { pickIngredients: { id: 'x', status: 'PICKED' }, pick: { quantity: 1 } } };

type StandIn = Behaviour | 'refuse' | 'reset-then-refuse';

/** A URL where chillybin's stand-in behaves as asked; 'reset-then-refuse' resets the first call and is gone for the next. */
async function chillybinStandIn(behaviour: StandIn, answer: unknown): Promise<string> {
  if (behaviour === 'refuse') return refusingUrl();
  if (behaviour !== 'reset-then-refuse') return (await startServer(behaviour, { answer, slowMs: 500 })).url;
  const server = createServer((req) => {
    req.socket.destroy();
    server.close();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeAfterTest({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
}

const cases: {
  name: string;
  version: PickVersion;
  chillybin: StandIn;
  answer?: unknown;
  code?: string;
  tookNothing?: boolean;
}[] = [
  { name: 'v2 picked', version: 'v2', chillybin: 'answer', answer: picked },
  {
    name: 'v2 refused: a definite no, nothing to undo',
    version: 'v2',
    chillybin: 'answer',
    answer: outOfStock,
    code: 'OUT_OF_STOCK',
    tookNothing: true,
  },
  {
    name: 'v2, no connection at all: never seen, nothing to undo',
    version: 'v2',
    chillybin: 'refuse',
    code: 'CHILLYBIN_UNAVAILABLE',
    tookNothing: true,
  },
  {
    name: 'v2, no answer to the pick nor its retry: may have taken',
    version: 'v2',
    chillybin: 'reset',
    code: 'CHILLYBIN_UNAVAILABLE',
    tookNothing: false,
  },
  {
    name: 'v2 answers too late: may have taken',
    version: 'v2',
    chillybin: 'slow',
    answer: picked,
    code: 'CHILLYBIN_UNAVAILABLE',
    tookNothing: false,
  },
  // chillybin killed with the pick under way: the retry finds nothing listening, but the first try may have taken.
  {
    name: 'v2, no answer, then a refused retry: may have taken',
    version: 'v2',
    chillybin: 'reset-then-refuse',
    code: 'CHILLYBIN_UNAVAILABLE',
    tookNothing: false,
  },
  { name: 'v1 picked', version: 'v1', chillybin: 'answer', answer: picked },
  {
    name: 'v1 every item refused: nothing to undo',
    version: 'v1',
    chillybin: 'answer',
    answer: outOfStock,
    code: 'OUT_OF_STOCK',
    tookNothing: true,
  },
  {
    name: 'v1 with no answers: may have taken',
    version: 'v1',
    chillybin: 'reset',
    code: 'CHILLYBIN_UNAVAILABLE',
    tookNothing: false,
  },
];

describe('ChillybinPicker.pick', () => {
  it.each(cases)('$name', async ({ version, chillybin, answer, code, tookNothing }) => {
    const url = await chillybinStandIn(chillybin, answer);
    const client = new ChillybinClient({ urls: [url], timeoutMs: 150, subgraphSecret: 'a-test-subgraph-secret' });
    closeAfterTest(client);
    const ingredients = ['cheese', 'bread', 'bread'];

    const result = await new ChillybinPicker(client).pick(undoStepsFor('t1', ingredients, version), ingredients, null, {
      requestId: 't1',
      logger,
    });

    if (!code) expect(result).toEqual({ ok: true });
    else {
      expect(result.ok).toBe(false);
      if (result.ok) return;
      expect({
        code: (result.error as { extensions: { code: string } }).extensions.code,
        tookNothing: result.tookNothing,
      }).toEqual({
        code,
        tookNothing,
      });
    }
  });
});

describe('undoStepsFor', () => {
  it.each([
    { version: 'v2', steps: [{ kind: 'cancelOrder', orderId: 'toastie-t1' }] },
    {
      version: 'v1',
      steps: [
        { kind: 'putBack', key: 'toastie-t1-0', name: 'cheese', quantity: 1 },
        { kind: 'putBack', key: 'toastie-t1-1', name: 'bread', quantity: 2 },
      ],
    },
  ] as const)('$version names every pick before it is made', ({ version, steps }) => {
    expect(undoStepsFor('t1', ['cheese', 'bread', 'bread'], version)).toEqual(steps);
  });
});
