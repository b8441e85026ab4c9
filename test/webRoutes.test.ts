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
function get(base: string, path: string): Promise<{ status: number; type: string; body: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    request({ hostname, port, path, method: 'GET' }, (res) => {
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
];

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

  it('in production: the kiosk stays, GraphiQL is gone', async () => {
    expect((await get(production.urls.gateway, '/kiosk')).status).toBe(200);
    expect((await get(production.urls.gateway, '/graphiql')).status).toBe(404);
    expect((await get(production.urls.gateway, '/graphiql/graphiql.js')).status).toBe(404);
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
