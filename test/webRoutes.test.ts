import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSystem, type System } from './support/system.js';

// How the gateway serves the built frontend, with the graph explorer on and off.

let explorerOn: System;
let production: System;

beforeAll(async () => {
  [explorerOn, production] = await Promise.all([startSystem(), startSystem({ NODE_ENV: 'production' })]);
});
afterAll(() => Promise.all([explorerOn.stop(), production.stop()]));

/** A GET with the path sent exactly as written, as fetch would normalise `..` away. */
function get(
  base: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: 'GET', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
    })
      .on('error', reject)
      .end();
  });
}

const served = [
  { path: '/kiosk', type: 'text/html; charset=utf-8', contains: 'Toasties Galore' },
  { path: '/kiosk/', type: 'text/html; charset=utf-8', contains: '/kiosk/kiosk.js' },
  { path: '/kiosk/kiosk.js', type: 'text/javascript; charset=utf-8', contains: 'apollographql-client-name' },
  { path: '/kiosk/kiosk.css', type: 'text/css; charset=utf-8', contains: '#result' },
  { path: '/graphiql', type: 'text/html; charset=utf-8', contains: '/graphiql/graphiql.js' },
  { path: '/graphiql/graphiql.css', type: 'text/css; charset=utf-8', contains: '.graphiql-container' },
  { path: '/favicon.svg', type: 'image/svg+xml', contains: '<svg' },
  { path: '/favicon.ico', type: 'image/svg+xml', contains: '<svg' },
  { path: '/docs/', type: 'text/html; charset=utf-8', contains: '<h1>Toasties Galore</h1>' },
  { path: '/docs/architecture.html', type: 'text/html; charset=utf-8', contains: 'How a request flows' },
];

const HTML = { accept: 'text/html' };

const refused = [
  '/kiosk/missing.js',
  '/kiosk/../package.json',
  '/kiosk/..%2f..%2fpackage.json',
  '/kiosk/%2e%2e/%2e%2e/package.json',
  '/kiosk/..%2fgraphiql/index.html',
  '/kiosk/%2e%2e%2f%2e%2e%2fweb%2fbuild.ts',
  '/graphiql/..%2f..%2f..%2fpackage.json',
];

describe('the frontend, served by the gateway', () => {
  it.each(served)('$path is served as $type', async ({ path, type, contains }) => {
    const response = await get(explorerOn.urls.gateway, path);
    expect(response.status).toBe(200);
    expect(response.type).toBe(type);
    expect(response.body).toContain(contains);
  });

  it.each(refused)('%s is not found', async (path) => {
    const response = await get(explorerOn.urls.gateway, path);
    expect(response.status).toBe(404);
  });

  it('a browser at / gets the landing page; GraphQL at / is answered as ever', async () => {
    const page = await get(explorerOn.urls.gateway, '/', HTML);
    expect(page.status).toBe(200);
    expect(page.type).toMatch(/^text\/html/);
    for (const link of ['/graphiql', '/kiosk', '/usage', '/docs/', '/favicon.svg']) {
      expect(page.body).toContain(`href="${link}"`);
    }
    expect(page.body).toContain('embeddable-sandbox.cdn.apollographql.com');

    const answer = await fetch(`${explorerOn.urls.gateway}/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ stock { name } }' }),
    });
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { data: { stock: unknown[] } }).data.stock.length).toBeGreaterThan(0);
  });

  it('in production: the kiosk and the favicon stay; GraphiQL, the docs and the landing page are gone', async () => {
    expect((await get(production.urls.gateway, '/kiosk')).status).toBe(200);
    expect((await get(production.urls.gateway, '/favicon.svg')).status).toBe(200);
    expect((await get(production.urls.gateway, '/graphiql')).status).toBe(404);
    expect((await get(production.urls.gateway, '/graphiql/graphiql.js')).status).toBe(404);
    expect((await get(production.urls.gateway, '/docs/')).status).toBe(404);
    expect((await get(production.urls.gateway, '/', HTML)).body).not.toContain('Toasties Galore');
  });

  it('GraphiQL follows GRAPH_EXPLORER, as introspection does', async () => {
    const off = await startSystem({ GRAPH_EXPLORER: 'false' });
    try {
      expect((await get(off.urls.gateway, '/graphiql')).status).toBe(404);
      expect((await get(off.urls.gateway, '/kiosk')).status).toBe(200);
    } finally {
      await off.stop();
    }
  });
});
