import type { Page } from 'playwright-core';
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
  // A step that cannot happen fails within the test's time, naming the element it waited for.
  browser.page.setDefaultTimeout(20_000);
}, 900_000);
afterAll(async () => {
  await closeBrowser();
  await gateway.stop();
  await system.stop();
});

/** Replaces what an editor holds, as a person does: click into it, select everything, type. */
async function typeInto(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(`${editor} .CodeMirror`).click();
  await page.keyboard.press('ControlOrMeta+A');
  // Inserted whole, so that CodeMirror's closing of brackets does not double the ones typed.
  await page.keyboard.insertText(text);
  // GraphiQL takes in the query after a pause (its operations, the one to run), then stores it: ready once stored.
  if (editor === QUERY_EDITOR)
    await page.waitForFunction((typed) => localStorage.getItem('graphiql:query') === typed, text);
}

const QUERY_EDITOR = '.graphiql-query-editor';
const HEADERS_EDITOR = 'section.graphiql-editor-tool .graphiql-editor:not(.hidden)';

/**
 * The query editor's marks of what it found wrong (lint errors) or deprecated (lint warnings): the text of each
 * marked span (CodeMirror splits a mark where the highlighting changes, so `ingredients:` is two spans).
 */
async function editorMarks(page: Page): Promise<{ errors: string[]; warnings: string[] }> {
  const texts = (kind: string) => page.locator(`${QUERY_EDITOR} .CodeMirror-lint-mark-${kind}`).allInnerTexts();
  return { errors: await texts('error'), warnings: await texts('warning') };
}

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

  it('sends the headers typed in its Headers tab, so that an admin can restock', async () => {
    const { page } = browser;
    await page.goto(`${gateway.url}/graphiql`);
    await page.locator('.graphiql-container').waitFor();
    await typeInto(page, QUERY_EDITOR, 'mutation Restock { restock { name quantity } }');
    await page.locator('.graphiql-editor-tools button', { hasText: 'Headers' }).click();
    await typeInto(page, HEADERS_EDITOR, `{ "authorization": "Bearer ${system.secrets.admin}" }`);

    const sent = page.waitForRequest((r) => r.method() === 'POST' && (r.postData() ?? '').includes('Restock'));
    await page.locator('.graphiql-execute-button').click();
    const headers = (await sent).headers();
    expect(headers.authorization).toBe(`Bearer ${system.secrets.admin}`);
    // Its own headers stay: the gateway still counts GraphiQL's usage as GraphiQL's.
    expect(headers['apollographql-client-name']).toBe('graphiql');

    const result = page.locator('.result-window');
    await expect.poll(() => result.innerText(), { timeout: 15_000 }).toMatch(/"name": "cheese",\s+"quantity": 10/);
    expect(await result.innerText()).not.toContain('UNAUTHENTICATED');
  });

  it('knows deprecated arguments and input fields: runs them, marks them deprecated, never unknown', async () => {
    const { page } = browser;
    await page.goto(`${gateway.url}/graphiql`);
    await page.locator('.graphiql-container').waitFor();
    await typeInto(
      page,
      QUERY_EDITOR,
      'mutation Old { makeToastie(input: { ingredients: ["cheese"] }) { id } }\n' +
        'query Last { toasties(limit: 1) { id } }\n',
    );
    // The editor lints after a pause: both uses become warnings (deprecated), and nothing is an error (unknown).
    await expect
      .poll(async () => (await editorMarks(page)).warnings.filter((text) => /\w/.test(text)).sort(), {
        timeout: 15_000,
      })
      .toEqual(['ingredients', 'limit']);
    expect((await editorMarks(page)).errors).toEqual([]);
    await page.locator(`${QUERY_EDITOR} .CodeMirror-lint-mark-warning`, { hasText: 'limit' }).hover();
    await expect
      .poll(() => page.locator('.CodeMirror-lint-tooltip').innerText())
      .toMatch(/argument "limit" is deprecated/i);
    await browser.screenshot('graphiql-deprecated-input');

    // The documentation lists them apart, as deprecated, with the reason.
    const docs = page.locator('.graphiql-doc-explorer');
    if (!(await docs.isVisible())) await page.locator('[aria-label="Show Documentation Explorer"]').click();
    const showDocsOf = async (type: string) => {
      await page.locator('.graphiql-doc-explorer-search-input input, .graphiql-doc-explorer-search input').fill(type);
      await page.locator('.graphiql-doc-explorer-search [role=option]', { hasText: new RegExp(`^${type}$`) }).click();
      await expect.poll(() => page.locator('.graphiql-doc-explorer-title').innerText()).toBe(type);
    };
    // A section of the docs is its title and what follows it, in one element.
    const docsSection = (title: string) =>
      page.locator('.graphiql-doc-explorer-section-title', { hasText: title }).locator('xpath=..');
    await showDocsOf('MakeToastieInput');
    await page.getByRole('button', { name: 'Show Deprecated Fields' }).click();
    await expect
      .poll(() => docsSection('Deprecated Fields').innerText())
      .toMatch(/ingredients[\s\S]*Deprecated[\s\S]*Use fillings/);

    await showDocsOf('Query');
    await page.locator('a.graphiql-doc-explorer-field-name', { hasText: /^toasties$/ }).click();
    await page.getByRole('button', { name: 'Show Deprecated Arguments' }).click();
    await expect
      .poll(() => docsSection('Deprecated Arguments').innerText())
      .toMatch(/limit[\s\S]*Deprecated[\s\S]*Use last/);
    await browser.screenshot('graphiql-deprecated-docs');

    // And the gateway runs them, each as the only operation in the editor (so the button runs it, with no menu).
    const result = page.locator('.result-window');
    const runAlone = async (document: string, deprecated: string, answer: RegExp) => {
      await typeInto(page, QUERY_EDITOR, document);
      await expect
        .poll(async () => (await editorMarks(page)).warnings.filter((text) => /\w/.test(text)), { timeout: 15_000 })
        .toEqual([deprecated]);
      await page.locator('.graphiql-execute-button:not([aria-haspopup])').click();
      await expect.poll(() => result.innerText(), { timeout: 15_000 }).toMatch(answer);
    };
    await runAlone(
      'mutation Old { makeToastie(input: { ingredients: ["cheese"] }) { id } }',
      'ingredients',
      /"makeToastie": \{\s+"id": "\w+"/,
    );
    await runAlone('query Last { toasties(limit: 1) { id } }', 'limit', /"toasties": \[\s+\{\s+"id": "\w+"/);
  });

  it('loads nothing from anywhere else', () => {
    const origin = new URL(gateway.url).origin;
    expect(browser.requested.filter((url) => new URL(url).origin !== origin && !/^(data|blob):/.test(url))).toEqual([]);
  });
});
