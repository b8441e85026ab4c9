import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';

// ops/alerts.yml must be a valid Prometheus rule file, each alert explained in ops/README.md.
// test/observability/queriedMetrics.test.ts checks its expressions against a live scrape.

const RuleFile = z.object({
  groups: z.array(
    z.object({
      name: z.string(),
      rules: z.array(
        z.object({
          alert: z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/),
          expr: z.string(),
          for: z
            .string()
            .regex(/^\d+[smh]$/)
            .optional(),
          labels: z.object({ severity: z.enum(['page', 'ticket']) }),
          annotations: z.object({ summary: z.string() }).catchall(z.string()),
        }),
      ),
    }),
  ),
});

const rules = RuleFile.parse(
  parse(readFileSync(new URL('../../ops/alerts.yml', import.meta.url), 'utf8')),
).groups.flatMap((group) => group.rules);
const opsReadme = readFileSync(new URL('../../ops/README.md', import.meta.url), 'utf8');

describe('ops/alerts.yml', () => {
  it('covers error rate, latency, a subgraph down and stock running out', () => {
    const names = rules.map((rule) => rule.alert);
    expect(names).toEqual(
      expect.arrayContaining([
        'GraphQLServerErrors',
        'GraphQLLatencyHigh',
        'SubgraphDown',
        'StockRunningLow',
        'StockOut',
      ]),
    );
    expect(rules.find((r) => r.alert === 'GraphQLLatencyHigh')?.expr).toMatch(/histogram_quantile\(0\.99,/);
  });

  it.each(rules)('$alert is explained in ops/README.md, with what to do', ({ alert }) => {
    const row = opsReadme.split('\n').find((line) => line.startsWith(`| \`${alert}\` |`));
    expect(row, alert).toBeDefined();
    expect(row!.split(' | ').length, alert).toBeGreaterThanOrEqual(3);
  });
});
