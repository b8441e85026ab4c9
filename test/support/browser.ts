import type { Page } from 'playwright-core';
import { launchChromium, type HeadlessBrowser } from '../../tools/dev/chromium.js';

export interface BrowserPage {
  page: Page;
  /** Every URL the page asked for, to check that it loads nothing from elsewhere. */
  requested: string[];
  /** Saves a screenshot into SCREENSHOT_DIR when it is set, for a person to look at. */
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

let browser: Promise<HeadlessBrowser> | undefined;

/** A page in headless Chromium, launched once per test file; the browser closes with the last page's file. */
export async function openPage(): Promise<BrowserPage> {
  browser ??= launchChromium();
  const { context } = await browser;
  const page = await context.newPage();
  const requested: string[] = [];
  page.on('request', (request) => requested.push(request.url()));
  return {
    page,
    requested,
    async screenshot(name) {
      const dir = process.env.SCREENSHOT_DIR;
      if (dir) await page.screenshot({ path: `${dir}/${name}.png`, fullPage: true });
    },
    close: () => page.close(),
  };
}

export async function closeBrowser(): Promise<void> {
  const open = browser;
  browser = undefined;
  await (await open)?.close();
}
