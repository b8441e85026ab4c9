import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { createServer } from '../src/server.js';
import { createLogger } from '../../platform/logger.js';
import { closeAfterTest, startServer } from '../../test/support/stubServers.js';
import { eventually } from '../../tools/dev/eventually.js';
import { scrape, total } from '../../tools/dev/prometheus.js';
import { supergraphSdl } from './support/inProcessGateway.js';

// A client that closes its connection while its makeToastie waits: the gateway
// gives up its call to jafflr too, so that jafflr can drop an order nobody is
// waiting for before it takes anything (platform/admission.ts). The gateway
// runs on the real supergraph; jafflr is a stub that answers, then holds.

const MAKE = 'mutation Make { makeToastie(input: { fillings: ["cheese"] }) { id doneness } }';
const MADE = { makeToastie: { id: 'toastie-1', doneness: 'LIGHT' } };

async function startGateway(jafflrUrl: string, chillybinUrl: string) {
  const config = loadConfig({ NODE_ENV: 'test', JAFFLR_URL: jafflrUrl, CHILLYBIN_URL: chillybinUrl });
  const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
  const server = createServer(config, { logger, version: 'test', supergraphSdl });
  const url = await server.http.listen(0, '127.0.0.1');
  closeAfterTest({ close: () => server.http.stop() });
  return url;
}

function post(url: string, signal?: AbortSignal): Promise<{ data?: unknown }> {
  return fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: MAKE }),
    signal,
  }).then((response) => response.json() as Promise<{ data?: unknown }>);
}

const cases = [
  { path: 'through Apollo Server, the first time the gateway sees it', answeredBefore: 0, learnt: 0 },
  { path: "on the gateway's own path, once it has run it", answeredBefore: 2, learnt: 1 },
];

describe('a makeToastie whose client goes away', () => {
  it.each(cases)('is given up at jafflr too, $path', async ({ answeredBefore, learnt }) => {
    const jafflr = await startServer('answer', { answer: { data: MADE } });
    const chillybin = await startServer('answer', { answer: { data: {} } });
    const gateway = await startGateway(jafflr.url, chillybin.url);
    for (let i = 0; i < answeredBefore; i++) expect((await post(gateway)).data).toEqual(MADE);
    expect(total(await scrape(gateway), 'gateway_learnt_answers_total')).toBe(learnt);
    jafflr.hold();

    const client = new AbortController();
    const leaving = post(gateway, client.signal);
    await eventually('the order to reach jafflr', async () =>
      jafflr.requests === answeredBefore + 1 ? true : undefined,
    );
    client.abort();
    await expect(leaving).rejects.toThrow();

    await eventually('jafflr to see the call given up', async () => (jafflr.abandoned === 1 ? true : undefined));
    const samples = await scrape(gateway);
    expect(
      total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { subgraph: 'jafflr', outcome: 'abandoned' }),
    ).toBe(1);
    expect(total(samples, 'gateway_subgraph_fetch_duration_seconds_count', { outcome: 'failed' })).toBe(0);
    expect(chillybin.requests).toBe(0);
  });
});
