import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../gateway/src/config.js';
import { connectGatewayRegistry } from '../gateway/src/registry/gatewayRegistry.js';
import { createServer } from '../gateway/src/server.js';
import { createLogger } from '../platform/logger.js';
import { openRegistry, type OpenRegistry } from '../platform/registry/openRegistry.js';
import { publishSchema } from '../tools/schema-registry/publishSchema.js';
import { closeBrowser, openPage, type BrowserPage } from './support/browser.js';
import { dropDatabases, mongodbUri, uniqueDbName } from './support/databases.js';
import type { ExtraGateway } from './support/gateway.js';

// The gateway's /registry page in headless Chromium: two versions and two clients' deprecated usage,
// recorded straight into the registry over two days, as the gateways' reports would. Nothing queries
// the subgraphs, so none are started.

const root = fileURLToPath(new URL('../', import.meta.url));
const registryDb = uniqueDbName('registrypage');
const dir = mkdtempSync(join(tmpdir(), 'registry-page-test-'));
const chillybinSdl = readFileSync(join(root, 'subgraphs/chillybin/schema.graphql'), 'utf8');
const withoutDescription = join(dir, 'chillybin-v1.graphql');
writeFileSync(withoutDescription, chillybinSdl.replace('  description: String!\n', ''));

let registry: OpenRegistry;
let gateway: ExtraGateway;
let browser: BrowserPage;

const publish = (schemaFile?: string) =>
  publishSchema({
    cwd: root,
    configFile: join(root, 'supergraph.yaml'),
    operations: 'no-operations/*.graphql',
    subgraph: 'chillybin',
    schemaFile,
    dryRun: false,
    publishedBy: 'test',
    windowDays: 7,
    registry,
  });

beforeAll(async () => {
  browser = await openPage();
  registry = await openRegistry({ uri: mongodbUri(), dbName: registryDb, timeoutMs: 5000 }, 'test');
  expect((await publish(withoutDescription)).outcome).toBe('published');
  expect((await publish()).outcome).toBe('published');
  const used = (clientName: string, clientVersion: string, count: number) => ({
    coordinate: 'Ingredient.description',
    kind: 'FIELD' as const,
    clientName,
    clientVersion,
    count,
  });
  await registry.usage.add([used('kiosk', '3.0', 3)], new Date(Date.now() - 86_400_000));
  await registry.usage.add([used('kiosk', '3.0', 2), used('web', '1.2', 5)]);

  const config = loadConfig({
    NODE_ENV: 'test',
    GATEWAY_PORT: '0',
    CHILLYBIN_URL: 'http://127.0.0.1:9/graphql',
    JAFFLR_URL: 'http://127.0.0.1:9/graphql',
    SUPERGRAPH_SOURCE: 'registry',
    REGISTRY_MONGODB_URI: mongodbUri(),
    REGISTRY_DB: registryDb,
  });
  const followed = await connectGatewayRegistry(config.registry!, true);
  const logger = createLogger({ service: 'gateway', version: 'test', level: 'silent' });
  const server = createServer(config, {
    logger,
    version: 'test',
    supergraphSdl: followed.initial!.supergraphSdl,
    registry: followed,
  });
  const url = await server.http.listen(0, '127.0.0.1');
  gateway = { url, server, stop: () => server.http.stop() };
}, 180_000);

afterAll(async () => {
  await closeBrowser();
  await gateway?.stop();
  await registry?.close();
  await dropDatabases([registryDb]);
  rmSync(dir, { recursive: true, force: true });
});

describe('the registry page in a browser', () => {
  it('shows both versions with their verdicts', async () => {
    const { page } = browser;
    await page.goto(`${gateway.url}/registry`);
    const versions = page.locator('h2:has-text("Versions") + table tr:has(td)');
    await expect.poll(() => versions.count()).toBe(2);
    const verdicts = [];
    for (const number of [1, 2]) {
      const { check } = await registry.schemas.version(number);
      const row = versions.filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^${number}$`) }) });
      const verdict = await row.locator('td').last().innerText();
      expect(verdict).toContain(check.summary.split('\n')[0]);
      verdicts.push(verdict);
    }
    expect(verdicts[1]).toContain('safe Ingredient.description');
  });

  it('charts the deprecated usage, one series per client, with a legend', async () => {
    const { page } = browser;
    const chart = page.locator('svg[role="img"]');
    expect(await chart.isVisible()).toBe(true);
    const box = await chart.boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(box?.height).toBeGreaterThan(0);
    expect(await chart.getAttribute('aria-label')).toMatch(/^Deprecated usage per day from \d{4}-\d\d-\d\d to/);
    expect(await chart.locator('g.series').count()).toBe(2);
    // Two days: the kiosk has a bar on each, the web client one of its own and one of height 0.
    expect(await chart.locator('g.series rect').count()).toBe(4);
    expect(await page.locator('ul.legend li').allInnerTexts()).toEqual([
      expect.stringContaining('Ingredient.description — kiosk/3.0'),
      expect.stringContaining('Ingredient.description — web/1.2'),
    ]);
    // The table stays below the chart, for whoever cannot see it.
    expect(await page.locator('figure.usage-chart + table').innerText()).toMatch(/kiosk\/3.0\t3\t2/);
    await browser.screenshot('registry');
  });

  it('is served with no script, the chart before the table', async () => {
    const html = await (await fetch(`${gateway.url}/registry`)).text();
    expect(html).not.toMatch(/<script/i);
    expect(html.indexOf('<svg role="img"')).toBeLessThan(html.indexOf('<th>element — client</th>'));
    expect(html).toMatch(/Ingredient.description — kiosk\/3.0<\/td><td>3<\/td><td>2<\/td>/);
  });

  it('loads nothing from anywhere else', () => {
    const origin = new URL(gateway.url).origin;
    expect(browser.requested.length).toBeGreaterThan(0);
    expect(browser.requested.filter((url) => new URL(url).origin !== origin && !/^(data|blob):/.test(url))).toEqual([]);
  });
});
