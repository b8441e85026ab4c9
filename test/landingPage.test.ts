import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessibilityViolations, blocking } from './support/accessibility.js';
import { closeBrowser, openPage, type BrowserPage } from './support/browser.js';
import { startSystem, type System } from './support/system.js';

// The gateway's page at `/` as a newcomer meets it, in headless Chromium, offline:
// every request that leaves this machine is refused, Apollo's CDN included.

let system: System;
let browser: BrowserPage;
/** What the page asked for outside this machine, and was refused. */
const refused: string[] = [];

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem(), openPage()]);
  const { page } = browser;
  page.setDefaultTimeout(20_000);
  await page.route(
    (url) => !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname),
    async (route) => {
      refused.push(route.request().url());
      await route.abort('internetdisconnected');
    },
  );
}, 900_000);
afterAll(async () => {
  await closeBrowser();
  await system.stop();
});

describe('the landing page at /, offline', () => {
  it('says Apollo Sandbox cannot load, and offers GraphiQL, which works', async () => {
    const { page } = browser;
    await page.goto(`${system.urls.gateway}/`);
    const status = page.locator('#sandbox-status');
    await page.locator('#sandbox-status[data-state="offline"]').waitFor();
    expect(await status.innerText()).toMatch(/could not be loaded.*Open GraphiQL/s);
    expect(refused.some((url) => url.startsWith('https://embeddable-sandbox.cdn.apollographql.com/'))).toBe(true);
    await browser.screenshot('landing-offline');

    await status.getByRole('link', { name: 'Open GraphiQL' }).click();
    await page.waitForURL(`${system.urls.gateway}/graphiql`);
    await page.locator('.graphiql-execute-button').click();
    await expect.poll(() => page.locator('.result-window').innerText(), { timeout: 15_000 }).toContain('"stock"');
  });

  it('links every way on, and each answers', async () => {
    const { page } = browser;
    await page.goto(`${system.urls.gateway}/`);
    const ways = page.getByRole('navigation', { name: 'Ways on' }).getByRole('link');
    const links = await Promise.all(
      (await ways.all()).map(async (link) => ({ name: await link.innerText(), href: await link.getAttribute('href') })),
    );
    expect(links).toEqual([
      { name: 'GraphiQL', href: '/graphiql' },
      { name: 'The kiosk', href: '/kiosk' },
      { name: 'Deprecated usage', href: '/usage' },
      { name: 'Docs', href: '/docs/' },
    ]);
    for (const { href } of links) {
      expect((await page.request.get(new URL(href!, system.urls.gateway).href)).status(), href!).toBe(200);
    }
  });

  it("passes axe-core's WCAG AA checks, contrast included, as do the docs", async () => {
    const { page } = browser;
    for (const path of ['/', '/docs/']) {
      await page.goto(`${system.urls.gateway}${path}`);
      if (path === '/') await page.locator('#sandbox-status[data-state="offline"]').waitFor();
      expect(blocking(await accessibilityViolations(page)), path).toEqual([]);
    }
  });

  it('/usage, which is JSON, shows with enough contrast and nothing else serious of ours', async () => {
    const { page } = browser;
    await page.goto(`${system.urls.gateway}/usage`);
    // Chromium's own view of a JSON document has no title and no lang (axe's document-title and html-has-lang):
    // those are the browser's; the text must still be readable.
    const browsersOwn = new Set(['document-title', 'html-has-lang']);
    expect(blocking(await accessibilityViolations(page)).filter((v) => !browsersOwn.has(v.id))).toEqual([]);
  });

  it('names a favicon on every page, and the gateway serves it', async () => {
    const { page } = browser;
    const gateway = system.urls.gateway;
    for (const path of ['/', '/kiosk', '/graphiql', '/docs/']) {
      await page.goto(`${gateway}${path}`);
      expect(await page.locator('link[rel=icon]').getAttribute('href'), path).toBe('/favicon.svg');
    }
    // Pages that name none (JSON at /usage) make the browser ask for /favicon.ico.
    for (const icon of ['/favicon.svg', '/favicon.ico']) {
      const response = await page.request.get(`${gateway}${icon}`);
      expect(response.status(), icon).toBe(200);
      expect(response.headers()['content-type'], icon).toBe('image/svg+xml');
    }
  });
});
