import { createServer as createTcpServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../tools/dev/freePort.js';
import { JAFFLR, startAlone } from '../../../test/support/serviceAlone.js';

// jafflr alone, its CHILLYBIN_URL pointing where no chilly bin answers.

function listen(server: Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
}

/** Accepts connections and never answers, like a hung process. */
const silent = createTcpServer((socket) => sockets.push(socket));
const sockets: Socket[] = [];

let silentPort: number;
beforeAll(async () => {
  silentPort = await listen(silent);
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const MAKE = /* GraphQL */ `mutation { makeToastie(input: { ingredients: ["cheese"] }) { id } }`;

describe('makeToastie when the chilly bin cannot be reached', () => {
  const cases = [
    { name: 'nothing listens at CHILLYBIN_URL', url: async () => `http://127.0.0.1:${await freePort()}/graphql` },
    { name: 'chillybin accepts but never answers', url: async () => `http://127.0.0.1:${silentPort}/graphql` },
  ];

  it.each(cases)('$name: CHILLYBIN_UNAVAILABLE, and no toastie recorded', async ({ url }) => {
    const jafflr = (await startAlone(JAFFLR, { CHILLYBIN_URL: await url(), CHILLYBIN_TIMEOUT_MS: '500' })).client();

    const result = await jafflr.request(MAKE);

    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('CHILLYBIN_UNAVAILABLE');
    expect(result.errors?.[0]?.message).toMatch(/the chilly bin is not answering/);
    expect(await jafflr.data(`{ toasties(limit: 5) { id } }`)).toEqual({ toasties: [] });
  });
});
