import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger.js';
import { loadConfig as gatewayConfig } from '../../gateway/src/config.js';
import { createServer as createGateway } from '../../gateway/src/server.js';
import { GraphQLClient, type GraphQLResult } from '../support/graphqlClient.js';
import { startSystem, type System } from '../support/system.js';

// With NODE_ENV=production: no introspection or landing page beyond what
// federation needs, and no error shows a stack, a driver message or a host.

let system: System;

beforeAll(async () => {
  system = await startSystem({ NODE_ENV: 'production' });
});
afterAll(() => system.stop());

const INTROSPECT = '{ __schema { queryType { name } } }';

/** Anything in a response that tells an attacker about the inside. */
const leaks = /stack|Mongo|Topology|ECONNREFUSED|fetch failed|127\.0\.0\.1|localhost|:\d{4,5}\/|\.ts:\d+/i;

/** What a browser gets on a GET; a landing page is HTML that loads Apollo Sandbox. */
async function landingPage(url: string, headers: Record<string, string> = {}): Promise<string> {
  const response = await fetch(url, { headers: { accept: 'text/html', ...headers } });
  return response.text();
}

const aLandingPage = /<html|sandbox|embeddable/i;

describe('in production', () => {
  it('the gateway refuses introspection and shows no landing page', async () => {
    const result = await system.gateway.request(INTROSPECT);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(await landingPage(`${system.urls.gateway}/`)).not.toMatch(aLandingPage);
  });

  it('GRAPH_EXPLORER=true turns introspection and the landing page back on', async () => {
    const config = gatewayConfig({
      NODE_ENV: 'production',
      GRAPH_EXPLORER: 'true',
      SUBGRAPH_SECRET: system.secrets.subgraph,
      CHILLYBIN_URL: system.urls.chillybin,
      JAFFLR_URL: system.urls.jafflr,
    });
    const supergraphSdl = readFileSync(new URL('../../supergraph.graphql', import.meta.url), 'utf8');
    const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
    const explorer = createGateway(config, { logger, version: 'test', supergraphSdl });
    const url = await explorer.http.listen(0, '127.0.0.1');
    try {
      expect(await new GraphQLClient(`${url}/graphql`).data(INTROSPECT)).toEqual({
        __schema: { queryType: { name: 'Query' } },
      });
      expect(await landingPage(`${url}/`)).toMatch(aLandingPage);
    } finally {
      await explorer.http.stop();
    }
  });

  const subgraphs = ['chillybin', 'jafflr'] as const;

  it.each(subgraphs)('%s refuses introspection even with the secret, and shows no landing page', async (subgraph) => {
    const result = await system[subgraph].request(INTROSPECT);
    expect(result.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const page = await landingPage(system.urls[subgraph], { 'x-subgraph-secret': system.secrets.subgraph });
    expect(page).not.toMatch(aLandingPage);
  });

  it.each(subgraphs)('%s still offers _service to the gateway', async (subgraph) => {
    const { _service } = await system[subgraph].data<{ _service: { sdl: string } }>('{ _service { sdl } }');
    expect(_service.sdl).toMatch(/type Query/);
  });

  it('still makes toasties through the gateway (entities resolved across subgraphs)', async () => {
    const { makeToastie } = await system.gateway.data<{
      makeToastie: { id: string; ingredients: { name: string; quantity: number }[] };
    }>(`mutation { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { name quantity } } }`);
    expect(makeToastie.ingredients).toHaveLength(3);
  });

  const withChillybinDown = [
    { name: 'reading stock through the gateway', query: '{ stock { name } }', code: 'SUBGRAPH_UNAVAILABLE' },
    {
      name: 'reading an ingredient through the gateway',
      query: '{ ingredient(name: "cheese") { quantity } }',
      code: 'SUBGRAPH_UNAVAILABLE',
    },
    {
      name: 'making a toastie (jafflr to chillybin)',
      query: 'mutation { makeToastie(input: { ingredients: ["cheese"] }) { id } }',
      code: 'CHILLYBIN_UNAVAILABLE',
    },
  ];

  it.each(withChillybinDown)('with chillybin down, $name shows no host or stack', async ({ query, code }) => {
    await system.servers.chillybin.http.stop();
    const response = await fetch(`${system.urls.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    const text = await response.text();
    expect((JSON.parse(text) as GraphQLResult).errors?.[0]?.extensions?.code).toBe(code);
    expect(text).not.toMatch(leaks);
  });

  // Runs after chillybin is gone: making a toastie needs jafflr's database first, so its fault would hide chillybin's.
  it('a database fault shows only INTERNAL_SERVER_ERROR', async () => {
    await system.servers.jafflr.db.client.close();
    const response = await fetch(`${system.urls.gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ toasties { id } }' }),
    });
    const text = await response.text();
    expect((JSON.parse(text) as GraphQLResult).errors?.map((e) => e.extensions?.code)).toEqual([
      'INTERNAL_SERVER_ERROR',
    ]);
    expect(text).not.toMatch(leaks);
  });
});
