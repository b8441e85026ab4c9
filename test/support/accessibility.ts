import axe from 'axe-core';
import type { Page } from 'playwright-core';

export interface Violation {
  id: string;
  impact: string | null | undefined;
  /** Each offending element's selector and axe's summary of what is wrong with it. */
  nodes: string[];
}

/**
 * axe-core's WCAG 2 A and AA checks of the page as it is now, run inside the
 * page from axe's own source (nothing is fetched): the violations, each with
 * the elements it was found on, so that a failing test says where.
 */
export async function accessibilityViolations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axe.source });
  const results = await page.evaluate(() =>
    (window as unknown as { axe: typeof axe }).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    }),
  );
  return results.violations.map(({ id, impact, nodes }) => ({
    id,
    impact,
    nodes: nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
  }));
}

/** The violations a person would be stopped by: axe's serious and critical ones, and every contrast failure. */
export function blocking(violations: Violation[]): Violation[] {
  return violations.filter((v) => v.id === 'color-contrast' || v.impact === 'serious' || v.impact === 'critical');
}
