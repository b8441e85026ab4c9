import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeBrowser, openPage, type BrowserPage } from './support/browser.js';
import { supergraphWithDeprecations } from './support/deprecatedSupergraph.js';
import { startGateway, type ExtraGateway } from './support/gateway.js';
import { startSystem, type System } from './support/system.js';

// GraphiQL, served by the gateway from its own bundle, in headless Chromium.
// Mutation.pick is deprecated in the graph (`pick @deprecated`); where the
// committed supergraph does not say so yet, the gateway here marks it so.

let system: System;
let gateway: ExtraGateway;
let browser: BrowserPage;

beforeAll(async () => {
  [system, browser] = await Promise.all([startSystem(), openPage()]);
  gateway = await startGateway(system, supergraphWithDeprecations([{ line: 'pick(' }]));
}, 900_000);
afterAll(async () => {
  await closeBrowser();
  await gateway.stop();
  await system.stop();
});

describe('GraphiQL at /graphiql', () => {
  it('runs a query and shows the answer', async () => {
    await system.admin.data('mutation { restock { name } }');
    const { page } = browser;
    await page.goto(`${gateway.url}/graphiql`);
    await page.locator('.graphiql-container').waitFor();
    // A fresh profile opens on the page's starting query: the stock and the machine's status.
    await expect.poll(() => page.locator('.graphiql-query-editor').innerText()).toContain('query Stock');
    await page.locator('.graphiql-execute-button').click();

    const result = page.locator('.result-window');
    await expect.poll(() => result.innerText()).toContain('"status": "AVAILABLE"');
    expect(await result.innerText()).toMatch(/"name": "cheese",\s+"quantity": 10/);
    await browser.screenshot('graphiql');
  });

  it('shows Mutation.pick as deprecated in the documentation explorer', async () => {
    const { page } = browser;
    await page.locator('[aria-label="Show Documentation Explorer"]').click();
    await page.locator('.graphiql-doc-explorer a', { hasText: 'Mutation' }).first().click();
    await page.getByRole('button', { name: 'Show Deprecated Fields' }).click();

    // The type's page lists deprecated fields apart, behind that button: pick is among them.
    await page.locator('.graphiql-doc-explorer-section-title', { hasText: 'Deprecated Fields' }).waitFor();
    await page.locator('a.graphiql-doc-explorer-field-name', { hasText: /^pick$/ }).click();
    const deprecation = page.locator('.graphiql-doc-explorer-deprecation');
    await expect.poll(() => deprecation.innerText()).toMatch(/^Deprecated/);
    expect(await page.locator('.graphiql-doc-explorer-title').innerText()).toBe('pick');
    await browser.screenshot('graphiql-docs');
  });

  it('loads nothing from anywhere else', () => {
    const origin = new URL(gateway.url).origin;
    expect(browser.requested.filter((url) => new URL(url).origin !== origin && !/^(data|blob):/.test(url))).toEqual([]);
  });
});
