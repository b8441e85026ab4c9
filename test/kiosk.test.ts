import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readManifests } from '../gateway/src/persistedOperations/manifest.js';
import { MakeToastieDocument } from '../web/generated/graphql.js';
import { accessibilityViolations, blocking } from './support/accessibility.js';
import { closeBrowser, openPage, type BrowserPage } from './support/browser.js';
import { startSystem, type System } from './support/system.js';

// The kiosk as a person uses it, in headless Chromium, against the whole graph.

const packageVersion = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
const MAKE_TOASTIE_HASH = MakeToastieDocument.__meta__?.hash as string;
const kioskManifestHashes = new Set(
  readManifests(new URL('../persisted-operations', import.meta.url).pathname).bodies.keys(),
);

interface SentBody {
  query?: string;
  variables?: { idempotencyKey?: string };
  extensions?: { persistedQuery?: { sha256Hash?: string } };
}

let system: System;
let browser: BrowserPage;

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem(), openPage()]);
  // A step that cannot happen fails within the test's time, naming the element it waited for.
  browser.page.setDefaultTimeout(20_000);
}, 900_000);
afterAll(async () => {
  await closeBrowser();
  await system.stop();
});

const RESTOCK = `mutation($levels: [StockLevelInput!]) { restock(levels: $levels) { name } }`;
/** Long enough for the kiosk's next poll (every 2 s) on a busy machine; the wait ends as soon as it shows. */
const UNTIL_POLLED = { timeout: 15_000 };

async function shownQuantity(name: string): Promise<string> {
  return browser.page.locator(`#stock tr[data-ingredient="${name}"] td.quantity`).innerText();
}

async function order(fillings: string[], doneness = 'LIGHT'): Promise<string> {
  const { page } = browser;
  for (const box of await page.locator('input[name=filling]').all()) {
    await box.setChecked(fillings.includes((await box.getAttribute('value')) ?? ''));
  }
  await page.locator(`input[name=doneness][value=${doneness}]`).check();
  await page.locator('#make').click();
  await page.waitForFunction(() =>
    ['made', 'error'].includes(document.querySelector('#result')?.getAttribute('data-outcome') ?? ''),
  );
  return page.locator('#result').innerText();
}

describe('the kiosk', () => {
  it('makes a toastie and shows the stock go down, then explains what went wrong in plain words', async () => {
    await system.admin.data(RESTOCK);
    const { page } = browser;
    await page.goto(`${system.urls.gateway}/kiosk`);
    await page.locator('#stock tr[data-ingredient="cheese"]').waitFor();
    expect(await shownQuantity('cheese')).toBe('10');
    expect(await page.locator('#machine-status').innerText()).toMatch(/available|toasting/);

    expect(await order(['cheese', 'vegemite'], 'MEDIUM')).toBe(
      'Here is your medium cheese and vegemite toastie. Enjoy!',
    );
    await expect.poll(() => shownQuantity('cheese')).toBe('9');
    expect(await shownQuantity('vegemite')).toBe('9');
    expect(await shownQuantity('bread')).toBe('8');
    await browser.screenshot('kiosk');

    expect(await order(['vegemite'])).toBe('A toastie needs cheese');
    expect(await shownQuantity('vegemite')).toBe('9');

    // Bread is no filling to choose, so the kiosk offers the order however little bread is left.
    await system.admin.data(RESTOCK, { levels: [{ name: 'bread', quantity: 1 }] });
    expect(await order(['cheese'])).toBe("Sorry, we're out of bread");
    await browser.screenshot('kiosk-error');
  });

  it('keeps the stock current by itself, and offers no filling that ran out', async () => {
    await system.admin.data(RESTOCK);
    const { page } = browser;
    await page.goto(`${system.urls.gateway}/kiosk`);
    await page.locator('#stock tr[data-ingredient="cheese"]').waitFor();
    const vegemite = page.locator('input[name=filling][value=vegemite]');
    await vegemite.check();

    // Changed elsewhere: restocked by an admin, then taken by another client's toastie.
    await system.admin.data(RESTOCK, {
      levels: [
        { name: 'cheese', quantity: 4 },
        { name: 'vegemite', quantity: 1 },
      ],
    });
    await expect.poll(() => shownQuantity('vegemite'), UNTIL_POLLED).toBe('1');
    await system.gateway.data('mutation { makeToastie(input: { fillings: ["cheese", "vegemite"] }) { id } }');
    await expect.poll(() => shownQuantity('vegemite'), UNTIL_POLLED).toBe('0');
    expect(await shownQuantity('cheese')).toBe('3');
    expect(await shownQuantity('bread')).toBe('8');

    // None left: the filling cannot be chosen, and the choice of it made before is gone.
    expect(await vegemite.isDisabled()).toBe(true);
    expect(await vegemite.isChecked()).toBe(false);
    expect(await page.locator('input[name=filling][value=cheese]').isDisabled()).toBe(false);
    expect(await page.locator('#stock tr[data-ingredient="vegemite"]').getAttribute('class')).toBe('out');
    expect(await page.locator('#stock tr[data-ingredient="cheese"]').getAttribute('class')).toBe('low');
    await browser.screenshot('kiosk-out-of-stock');

    // Back in stock: offered again.
    await system.admin.data(RESTOCK, { levels: [{ name: 'vegemite', quantity: 6 }] });
    await expect.poll(() => vegemite.isDisabled(), UNTIL_POLLED).toBe(false);
  });

  it("passes axe-core's WCAG AA checks, contrast included, with stock low and out", async () => {
    const { page } = browser;
    await system.admin.data(RESTOCK, {
      levels: [
        { name: 'cheese', quantity: 2 },
        { name: 'vegemite', quantity: 0 },
      ],
    });
    await page.goto(`${system.urls.gateway}/kiosk`);
    await page.locator('#stock tr.low').waitFor();
    await page.locator('#stock tr.out').waitFor();
    await page.locator('#machine-status[data-status="AVAILABLE"]').waitFor();
    expect(blocking(await accessibilityViolations(page))).toEqual([]);
  });

  it('names a favicon that the gateway serves', async () => {
    const { page } = browser;
    const icon = await page.locator('link[rel=icon]').getAttribute('href');
    const response = await page.request.get(new URL(icon!, system.urls.gateway).href);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('image/svg+xml');
  });

  it('sends every order with an idempotency key', async () => {
    const { page } = browser;
    const sent = page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes(MAKE_TOASTIE_HASH));
    await order(['cheese']);
    const { variables } = JSON.parse((await sent).postData()!) as SentBody;
    expect(variables?.idempotencyKey).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
  });

  it('sends only the hashes of operations in its persisted-operations manifest, never a document', async () => {
    const { page } = browser;
    const bodies: SentBody[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/graphql')
        bodies.push(JSON.parse(r.postData()!) as SentBody);
    });
    await page.reload();
    await page.locator('#stock tr[data-ingredient="cheese"]').waitFor();
    await order(['cheese']);
    expect(bodies.length).toBeGreaterThanOrEqual(3);
    for (const body of bodies) {
      expect(body.query).toBeUndefined();
      expect(kioskManifestHashes.has(body.extensions?.persistedQuery?.sha256Hash ?? '')).toBe(true);
    }
  });

  it('names itself to the gateway and loads nothing from anywhere else', async () => {
    const { page } = browser;
    const sent = page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/graphql');
    await page.reload();
    const headers = (await sent).headers();
    expect(headers['apollographql-client-name']).toBe('kiosk');
    expect(headers['apollographql-client-version']).toBe(packageVersion);

    const origin = new URL(system.urls.gateway).origin;
    expect(browser.requested.length).toBeGreaterThan(0);
    expect(browser.requested.filter((url) => new URL(url).origin !== origin && !url.startsWith('data:'))).toEqual([]);
  });
});
