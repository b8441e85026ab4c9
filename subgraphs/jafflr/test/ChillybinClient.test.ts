import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ChillybinCallError, ChillybinClient, type CallEffect } from '../src/chillybin/ChillybinClient.js';
import {
  closeAfterTest,
  refusingUrl,
  startServer,
  type Behaviour,
  type TestServer,
} from '../../../test/support/stubServers.js';

// jafflr's client for chillybin against real local HTTP servers: which
// failures it fails over, and what each says about the stock.

const picked = { data: { pick: { quantity: 9 } } };
const outOfStock = {
  data: null,
  errors: [{ message: 'Not enough cheese: wanted 1, 0 left', extensions: { code: 'OUT_OF_STOCK' } }],
};

const cases: {
  name: string;
  instances: (Behaviour | 'refuse')[];
  answer?: unknown;
  requests: number[];
  error?: { code: string; effect: CallEffect; message: RegExp };
}[] = [
  { name: 'picks from the one instance', instances: ['answer'], answer: picked, requests: [1] },
  {
    name: 'an instance refusing the connection: the next one picks',
    instances: ['refuse', 'answer'],
    answer: picked,
    requests: [1],
  },
  {
    name: 'chillybin saying no: its code, and no stock taken',
    instances: ['answer', 'answer'],
    answer: outOfStock,
    requests: [1, 0],
    error: { code: 'OUT_OF_STOCK', effect: 'none', message: /Not enough cheese/ },
  },
  {
    name: 'chillybin too busy to start the pick: its code, and no stock taken',
    instances: ['answer', 'answer'],
    answer: {
      data: null,
      errors: [
        {
          message: 'Too many picks are under way to start this one in time; nothing was taken. Try again shortly.',
          extensions: { code: 'OVERLOADED', reason: 'queue full' },
        },
      ],
    },
    requests: [1, 0],
    error: { code: 'OVERLOADED', effect: 'none', message: /Too many picks are under way/ },
  },
  {
    name: 'chillybin failing (its database, say): unavailable, effect unknown',
    instances: ['answer'],
    answer: {
      data: null,
      errors: [{ message: 'The database is not answering', extensions: { code: 'DATABASE_UNAVAILABLE' } }],
    },
    requests: [1],
    error: { code: 'CHILLYBIN_UNAVAILABLE', effect: 'unknown', message: /the chilly bin failed/ },
  },
  {
    name: 'every instance refusing: unavailable, and no stock taken',
    instances: ['refuse', 'refuse'],
    requests: [],
    error: { code: 'CHILLYBIN_UNAVAILABLE', effect: 'none', message: /not answering/ },
  },
  {
    name: 'a connection reset after sending: never sent again, effect unknown',
    instances: ['reset', 'answer'],
    requests: [1, 0],
    error: { code: 'CHILLYBIN_UNAVAILABLE', effect: 'unknown', message: /not answering/ },
  },
  {
    name: 'an answer slower than the timeout: never sent again, effect unknown',
    instances: ['slow', 'answer'],
    answer: picked,
    requests: [1, 0],
    error: { code: 'CHILLYBIN_UNAVAILABLE', effect: 'unknown', message: /not answering/ },
  },
];

const scope = { requestId: 'client-test', logger: pino({ level: 'silent' }) };

describe('ChillybinClient.pick', () => {
  it.each(cases)('$name', async ({ instances, answer, requests, error }) => {
    const servers: TestServer[] = [];
    const urls: string[] = [];
    for (const behaviour of instances) {
      if (behaviour === 'refuse') urls.push(await refusingUrl());
      else {
        const server = await startServer(behaviour, { answer, slowMs: 500 });
        servers.push(server);
        urls.push(server.url);
      }
    }
    const client = new ChillybinClient({ urls, timeoutMs: 150, subgraphSecret: 'a-test-subgraph-secret' });
    closeAfterTest(client);

    const outcome = await client.pick({ name: 'cheese', quantity: 1, key: 'client-test' }, scope).then(
      () => undefined,
      (err: unknown) => err,
    );

    if (!error) expect(outcome).toBeUndefined();
    else {
      expect(outcome).toBeInstanceOf(ChillybinCallError);
      const err = outcome as ChillybinCallError;
      expect({ code: err.extensions.code, effect: err.effect }).toEqual({ code: error.code, effect: error.effect });
      expect(err.message).toMatch(error.message);
      expect(err.extensions.ingredient).toBe('cheese');
    }
    expect(servers.map((s) => s.requests)).toEqual(requests);
  });
});
