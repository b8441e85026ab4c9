import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UsageReport } from '../gateway/src/usage/UsageCounts.js';
import { supergraphWithDeprecations } from './support/deprecatedSupergraph.js';
import { startGateway, type ExtraGateway } from './support/gateway.js';
import { GraphQLClient } from './support/graphqlClient.js';
import { startSystem, type System } from './support/system.js';

// Deprecated usage, counted by the gateway per client. The graph itself may
// have nothing deprecated yet, so a second gateway in front of the same
// subgraphs loads the supergraph with a few elements marked @deprecated.

let system: System;
let deprecating: ExtraGateway;
let gatewayUrl: string;
const reportDir = mkdtempSync(join(tmpdir(), 'toasties-usage-'));
const reportPath = join(reportDir, 'reports', 'usage.json');
/** Left by an earlier run of the gateway: its counts carry on. */
const earlier = { clientName: 'kiosk', clientVersion: '0.9.0', coordinate: 'Mutation.pick', kind: 'FIELD', count: 5 };

beforeAll(async () => {
  system = await startSystem();
  const supergraph = supergraphWithDeprecations([{ line: 'status: MachineStatus!' }, { line: 'BURNT' }]);
  mkdirSync(join(reportDir, 'reports'));
  writeFileSync(
    reportPath,
    JSON.stringify({ schemaVersion: 1, generatedAt: new Date().toISOString(), entries: [earlier] }),
  );
  deprecating = await startGateway(system, supergraph, {
    USAGE_REPORT_PATH: reportPath,
    USAGE_REPORT_INTERVAL_MS: '100',
  });
  gatewayUrl = deprecating.url;
});
afterAll(async () => {
  await deprecating.stop();
  await system.stop();
  rmSync(reportDir, { recursive: true, force: true });
});

const client = (base: string, headers: Record<string, string> = {}) => new GraphQLClient(`${base}/graphql`, headers);
const kiosk = { 'apollographql-client-name': 'kiosk', 'apollographql-client-version': '1.2.3' };

async function usage(base: string): Promise<UsageReport> {
  return (await fetch(`${base}/usage`)).json() as Promise<UsageReport>;
}

/** The value of one Prometheus sample whose labels include all of `labels`, or 0 when there is none. */
async function metric(base: string, name: string, labels: Record<string, string> = {}): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  headers: Record<string, string>;
  expected: { clientName: string; clientVersion: string; coordinate: string; kind: string }[];
}

const cases: Case[] = [
  {
    name: 'a deprecated field',
    query: '{ status }',
    variables: undefined,
    headers: kiosk,
    expected: [{ clientName: 'kiosk', clientVersion: '1.2.3', coordinate: 'Query.status', kind: 'FIELD' }],
  },
  {
    name: 'a deprecated argument, without client headers',
    query: '{ toasties(limit: 1) { id } }',
    variables: undefined,
    headers: {},
    expected: [
      { clientName: 'unknown', clientVersion: 'unknown', coordinate: 'Query.toasties(limit:)', kind: 'ARGUMENT' },
    ],
  },
  {
    name: 'a deprecated enum value in a variable, with a client name only',
    query:
      'mutation($ingredients: [String!]!, $d: Doneness) { makeToastie(input: { ingredients: $ingredients, doneness: $d }) { id } }',
    variables: { ingredients: ['cheese'], d: 'BURNT' },
    headers: { 'apollographql-client-name': 'till' },
    expected: [{ clientName: 'till', clientVersion: 'unknown', coordinate: 'Doneness.BURNT', kind: 'ENUM_VALUE' }],
  },
  {
    name: 'nothing deprecated',
    query: '{ stock { name } }',
    variables: undefined,
    headers: kiosk,
    expected: [],
  },
];

describe('deprecated usage through the gateway', () => {
  it.each(cases)(
    '$name: counted per client in /usage and /metrics',
    async ({ query, variables, headers, expected }) => {
      const before = await usage(gatewayUrl);
      const countOf = (report: UsageReport, e: (typeof expected)[number]) =>
        report.entries.find(
          (r) => r.clientName === e.clientName && r.clientVersion === e.clientVersion && r.coordinate === e.coordinate,
        )?.count ?? 0;

      await client(gatewayUrl, headers).data(query, variables);
      await client(gatewayUrl, headers).data(query, variables);

      const after = await usage(gatewayUrl);
      expect(after.schemaVersion).toBe(1);
      for (const e of expected) {
        expect(after.entries).toContainEqual({ ...e, count: expect.any(Number) });
        expect(countOf(after, e) - countOf(before, e)).toBe(2);
        const labels = {
          client_name: e.clientName,
          client_version: e.clientVersion,
          coordinate: e.coordinate,
          kind: e.kind,
        };
        expect(await metric(gatewayUrl, 'graphql_deprecated_usage_total', labels)).toBe(countOf(after, e));
      }
      if (expected.length === 0) expect(after.entries).toEqual(before.entries);
    },
  );

  it('analyses each distinct operation once, however often it is sent', async () => {
    const analyses = () => metric(gatewayUrl, 'graphql_deprecated_usage_analyses_total');
    const start = await analyses();
    const query = 'query Once { status stock { quantity } }';
    for (let i = 0; i < 5; i++) await client(gatewayUrl, kiosk).data(query);
    expect(await analyses()).toBe(start + 1);

    await client(gatewayUrl, kiosk).data('query Twice { status stock { name } }');
    expect(await analyses()).toBe(start + 2);
  });

  it('records nothing on the real graph for operations that use nothing deprecated, and parses client headers', async () => {
    const gateway = client(system.urls.gateway, { ...kiosk, authorization: `Bearer ${system.secrets.admin}` });
    await gateway.data('{ stock { name quantity } }');
    await gateway.data('mutation { restock { name } }');
    const report = await usage(system.urls.gateway);
    expect(report).toEqual({ schemaVersion: 1, generatedAt: expect.any(String), entries: [] });
    expect(await metric(system.urls.gateway, 'graphql_deprecated_usage_analyses_total')).toBe(2);
  });

  it('keeps the report file current while running, and writes it once more when the gateway stops', async () => {
    const readFile = () => JSON.parse(readFileSync(reportPath, 'utf8')) as UsageReport;
    const statusCount = (report: UsageReport) =>
      report.entries.find(
        (e) => e.clientName === 'kiosk' && e.clientVersion === '1.2.3' && e.coordinate === 'Query.status',
      )?.count;

    await client(gatewayUrl, kiosk).data('{ status }');
    const served = await usage(gatewayUrl);
    expect(served.entries).toContainEqual(earlier);
    await expect.poll(() => statusCount(readFile())).toBe(statusCount(served));

    await client(gatewayUrl, kiosk).data('{ status }');
    await deprecating.stop();
    const written = readFile();
    expect(statusCount(written)).toBe(statusCount(served)! + 1);
    expect(written.entries).toContainEqual(earlier);
  });
});
