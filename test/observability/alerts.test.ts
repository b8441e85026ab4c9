import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { scrape } from '../support/prometheus.js';
import { startSystem, type System } from '../support/system.js';

// ops/alerts.yml must be a valid Prometheus rule file whose expressions name
// only metrics the services really expose (or that Prometheus makes itself).

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

const promqlWords = new Set([
  'sum',
  'rate',
  'irate',
  'increase',
  'histogram_quantile',
  'avg',
  'max',
  'min',
  'count',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'and',
  'or',
  'unless',
  'offset',
  'bool',
  'absent',
  'le',
]);
/** Series Prometheus makes itself for every scrape target. */
const fromPrometheus = new Set(['up']);

/** Metric names in a PromQL expression: identifiers outside label matchers, groupings and ranges. */
function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/"[^"]*"/g, ' ');
  const names = stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
  return [...new Set(names.filter((name) => !promqlWords.has(name)))];
}

const rules = RuleFile.parse(
  parse(readFileSync(new URL('../../ops/alerts.yml', import.meta.url), 'utf8')),
).groups.flatMap((group) => group.rules);

let system: System;
const exposed = new Set<string>();

beforeAll(async () => {
  system = await startSystem();
  // Traffic of every kind the alerts look at: success, errors, subgraph fetches.
  await system.admin.data(`mutation { restock { name } }`);
  await system.gateway.data(
    `mutation { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { quantity } } }`,
  );
  await system.gateway.request(`mutation { makeToastie(input: { ingredients: ["ham"] }) { id } }`);
  for (const url of Object.values(system.urls)) for (const sample of await scrape(url)) exposed.add(sample.name);
});
afterAll(() => system.stop());

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

  it.each(rules.map((rule) => ({ alert: rule.alert, names: metricNames(rule.expr) })))(
    '$alert uses only exposed metrics: $names',
    ({ names }) => {
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) {
        expect({ name, exposed: exposed.has(name) || fromPrometheus.has(name) }).toEqual({ name, exposed: true });
      }
    },
  );
});
