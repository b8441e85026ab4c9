import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ErrorCode } from '../../platform/errors.js';
import { repoRoot } from '../../tools/dev/serviceProcess.js';
import { alertQueries, analysisQueries, dashboardQueries } from '../support/opsQueries.js';
import { scrape, type Sample } from '../../tools/dev/prometheus.js';
import { parsePromQL } from '../support/promql.js';
import { startSystem, type System } from '../support/system.js';

// Every metric and label that the dashboard, the alert rules and the canary analysis query exists on a live
// scrape of the three services after real traffic, so no panel or alert silently reads nothing.

/** Series Prometheus makes itself for every target, and the labels it adds to every scraped series. */
const FROM_PROMETHEUS = new Set(['up']);
const TARGET_LABELS = ['job', 'instance'];
/** The scrape jobs of ops/prometheus/prometheus.yml, which the alerts name in `job` matchers. */
const JOBS = (
  parseYaml(readFileSync(`${repoRoot}ops/prometheus/prometheus.yml`, 'utf8')) as {
    scrape_configs: { job_name: string }[];
  }
).scrape_configs.map((c) => c.job_name);
/** Codes the services count: the enum's, and OTHER for anything else. */
const CODES = new Set<string>([...Object.values(ErrorCode), 'OTHER']);

const queries = [...dashboardQueries(), ...alertQueries(), ...analysisQueries()];

let system: System;
/** Label names seen on each exposed series name. */
const exposed = new Map<string, Set<string>>();
const serviceNames = new Set<string>();

function labelsOf(metric: string): Set<string> | undefined {
  if (FROM_PROMETHEUS.has(metric)) return new Set(TARGET_LABELS);
  const labels = exposed.get(metric);
  return labels && new Set([...labels, ...TARGET_LABELS]);
}

beforeAll(async () => {
  system = await startSystem();
  // Traffic of every kind the queries look at: a toastie made, an error, a subgraph fetch, a deprecated input field.
  await system.admin.data(`mutation Restock { restock { name } }`);
  await system.gateway.data(
    `mutation Make { makeToastie(input: { ingredients: ["cheese"] }) { id ingredients { quantity } } }`,
  );
  await system.gateway.request(`mutation Refused { makeToastie(input: { fillings: ["ham"] }) { id } }`);
  await system.gateway.data(`query Stock { stock { name quantity } }`);
  const samples: Sample[] = [];
  for (const url of Object.values(system.urls)) samples.push(...(await scrape(url)));
  for (const { name, labels } of samples) {
    const seen = exposed.get(name) ?? new Set<string>();
    for (const label of Object.keys(labels)) seen.add(label);
    exposed.set(name, seen);
    if (labels.service) serviceNames.add(labels.service);
  }
});
afterAll(() => system.stop());

describe('queries in ops/ and deploy/', () => {
  it('finds the dashboard, the alert rules and the canary analysis', () => {
    const kinds = new Set(queries.map((q) => q.where.split(' ')[0]));
    expect([...kinds].sort()).toEqual(['alert', 'analysis', 'annotation', 'panel', 'variable']);
  });

  it('drove the traffic that makes the counters exist', () => {
    expect(exposed.has('jafflr_toasties_made_total')).toBe(true);
    expect(exposed.has('graphql_deprecated_usage_total')).toBe(true);
    expect(exposed.has('graphql_errors_total')).toBe(true);
  });

  it.each(queries)('$where: is PromQL and queries only exposed metrics and labels', ({ expr }) => {
    const { selectors, groupingLabels, errors } = parsePromQL(expr);
    expect(errors).toEqual([]);
    expect(selectors.length).toBeGreaterThan(0);
    const labelsInQuery = new Set<string>();
    for (const { metric, matchers } of selectors) {
      const labels = labelsOf(metric);
      expect({ metric, exposed: labels !== undefined }).toEqual({ metric, exposed: true });
      for (const label of labels!) labelsInQuery.add(label);
      for (const { label, value } of matchers) {
        expect({ metric, label, known: labels!.has(label) }).toEqual({ metric, label, known: true });
        const templated = value.includes('$') || value.includes('{{');
        if (label === 'code') for (const code of value.split('|')) expect(CODES).toContain(code);
        if (label === 'job') for (const job of value.split('|')) expect(JOBS).toContain(job);
        if (label === 'service' && !templated) for (const s of value.split('|')) expect([...serviceNames]).toContain(s);
      }
    }
    for (const label of groupingLabels)
      expect({ label, known: labelsInQuery.has(label) }).toEqual({ label, known: true });
  });
});
