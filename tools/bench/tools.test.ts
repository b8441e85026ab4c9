import { describe, expect, it } from 'vitest';
import { batchTotalsOf, readsPerRequest } from './batchSizes.js';
import { packageOf, selfTimes, type CpuProfile } from './cpuProfile.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { SUBGRAPH_SECRET_HEADER } from '../../platform/secrets.js';
import { hiveConfig, withRoutingUrls } from './hiveGateway.js';
import { DEFAULT_TOASTIES, DEFAULT_WARMUP_REQUESTS, parseOptions, QUICK_TOASTIES } from './options.js';
import { distinctOperations, secondHalfGrowth } from './soak.js';

describe('withRoutingUrls', () => {
  it('points each named subgraph at the given URL and leaves the others alone', () => {
    const sdl = [
      'CHILLYBIN @join__graph(name: "chillybin", url: "http://127.0.0.1:4001/graphql")',
      'JAFFLR @join__graph(name: "jafflr", url: "http://127.0.0.1:4002/graphql")',
    ].join('\n');
    expect(withRoutingUrls(sdl, { chillybin: 'http://127.0.0.1:5555/graphql' })).toBe(
      [
        'CHILLYBIN @join__graph(name: "chillybin", url: "http://127.0.0.1:5555/graphql")',
        'JAFFLR @join__graph(name: "jafflr", url: "http://127.0.0.1:4002/graphql")',
      ].join('\n'),
    );
  });
});

describe('hiveConfig', () => {
  it('is a module whose config finds persisted documents by hash, takes other documents, and sends the subgraph secret', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hive-config-'));
    try {
      const file = join(dir, 'gateway.config.mjs');
      writeFileSync(file, hiveConfig({ abc123: 'query Status { status }' }));
      const { gatewayConfig } = (await import(pathToFileURL(file).href)) as {
        gatewayConfig: {
          persistedDocuments: { getPersistedOperation(key: string): string | null; allowArbitraryDocuments: boolean };
          propagateHeaders: { fromClientToSubgraphs(): Record<string, string> };
        };
      };
      expect(gatewayConfig.persistedDocuments.getPersistedOperation('abc123')).toBe('query Status { status }');
      expect(gatewayConfig.persistedDocuments.getPersistedOperation('nope')).toBeNull();
      expect(gatewayConfig.persistedDocuments.allowArbitraryDocuments).toBe(true);
      expect(Object.keys(gatewayConfig.propagateHeaders.fromClientToSubgraphs())).toEqual([SUBGRAPH_SECRET_HEADER]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('options', () => {
  it.each([
    {
      argv: [],
      expected: {
        connections: 32,
        duration: 10,
        rounds: 3,
        warmup: 3,
        warmupRequests: DEFAULT_WARMUP_REQUESTS,
        soak: 0,
        toasties: DEFAULT_TOASTIES,
      },
    },
    { argv: ['--warmup', '0', '--warmup-requests', '0'], expected: { warmup: 0, warmupRequests: 0 } },
    { argv: ['--toasties', '2000'], expected: { toasties: 2000 } },
    { argv: ['--quick'], expected: { connections: 10, duration: 2, rounds: 1, warmup: 0, warmupRequests: 0 } },
    { argv: ['--quick', '--duration', '5'], expected: { duration: 5, rounds: 1 } },
    { argv: ['--soak', '300', '--only', 'i2, t2'], expected: { soak: 300, only: ['i2', 't2'] } },
    { argv: ['--sizes', '100,2000, 20000'], expected: { sizes: [100, 2000, 20_000] } },
    { argv: ['--quick'], expected: { toasties: QUICK_TOASTIES, sizes: undefined } },
    {
      argv: ['--variant-entry', 'gateway/src/index.ts', '--variant-node-args=--max-semi-space-size=64  --no-opt'],
      expected: { variantEntry: 'gateway/src/index.ts', variantNodeArgs: ['--max-semi-space-size=64', '--no-opt'] },
    },
  ])('$argv', ({ argv, expected }) => {
    expect(parseOptions(argv)).toMatchObject(expected);
  });

  it.each([
    ['--connections', '0'],
    ['--duration', 'ten'],
    ['--rounds=-1', ''],
    ['--sizes', '100,lots'],
  ])('rejects %s %s', (flag, value) => {
    expect(() => parseOptions([flag, value].filter(Boolean))).toThrow(/must be a positive number/);
  });

  it('rejects node flags for a variant it was not asked to start', () => {
    expect(() => parseOptions(['--variant-node-args=--max-semi-space-size=64'])).toThrow(/needs --variant-entry/);
  });
});

describe('soak', () => {
  it('never sends the same operation twice', () => {
    const next = distinctOperations();
    const operations = Array.from({ length: 1000 }, next);
    expect(new Set(operations).size).toBe(1000);
  });

  it.each([
    { samples: [100, 150, 160, 160, 161], growth: 1 },
    { samples: [100, 120, 140, 160, 180], growth: 40 },
    { samples: [100], growth: 0 },
  ])('growth over the second half of $samples is $growth MiB', ({ samples, growth }) => {
    expect(secondHalfGrowth(samples.map((rssMiB, i) => ({ seconds: i * 10, rssMiB })))).toBe(growth);
  });
});

describe('CPU profile self time', () => {
  const profile: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
      {
        id: 2,
        callFrame: { functionName: 'plan', url: 'file:///app/node_modules/@apollo/gateway/dist/x.js', lineNumber: 9 },
      },
      { id: 3, callFrame: { functionName: 'fetch2', url: 'node:internal/deps/undici/undici', lineNumber: 0 } },
    ],
    samples: [2, 2, 3, 1],
    timeDeltas: [0, 3000, 1000, 4000, 2000],
  };

  it('sums the time each sample spent on top of the stack, largest first', () => {
    expect(selfTimes(profile, 'function').map(({ name, ms }) => [name, ms])).toEqual([
      ['plan  @apollo/gateway/dist/x.js:10', 4],
      ['fetch2  node:internal/deps/undici/undici:1', 4],
      ['(idle)', 2],
    ]);
  });

  it('gives shares of busy time, idle left out of them', () => {
    expect(selfTimes(profile, 'package').map(({ name, share }) => [name, share])).toEqual([
      ['@apollo/gateway', 0.5],
      ['node: fetch (built-in undici)', 0.5],
      ['(idle)', 0],
    ]);
  });

  it('counts only the samples taken in the last seconds asked for', () => {
    // Samples taken at 0, 3, 4 and 8 ms, the profile ending at 10 ms: the last 7 ms hold the last three.
    expect(selfTimes(profile, 'function', { lastSeconds: 0.007 }).map(({ name, ms }) => [name, ms])).toEqual([
      ['fetch2  node:internal/deps/undici/undici:1', 4],
      ['(idle)', 2],
      ['plan  @apollo/gateway/dist/x.js:10', 1],
    ]);
  });

  it.each([
    { url: 'file:///w/node_modules/@apollo/server/dist/esm/a.js', expected: '@apollo/server' },
    { url: 'file:///w/node_modules/graphql/execution/execute.js', expected: 'graphql' },
    { url: 'node:internal/deps/undici/undici', expected: 'node: fetch (built-in undici)' },
    { url: 'file:///w/platform/graphqlHandler.ts', expected: 'ours: platform' },
    { url: '', expected: '(native / gc)' },
  ])('$url belongs to $expected', ({ url, expected }) => {
    expect(packageOf(url)).toBe(expected);
  });
});

describe('subgraph batches', () => {
  const metrics = (jafflr: [number, number], chillybin: [number, number]) =>
    [
      '# HELP gateway_subgraph_batch_size Reads carried by one HTTP request to a subgraph',
      'gateway_subgraph_batch_size_bucket{le="1",subgraph="jafflr"} 1',
      `gateway_subgraph_batch_size_sum{subgraph="jafflr",service="gateway",service_version="0.1.0"} ${jafflr[0]}`,
      `gateway_subgraph_batch_size_count{subgraph="jafflr"} ${jafflr[1]}`,
      `gateway_subgraph_batch_size_sum{subgraph="chillybin"} ${chillybin[0]}`,
      `gateway_subgraph_batch_size_count{service="gateway",subgraph="chillybin"} ${chillybin[1]}`,
    ].join('\n');

  it('reads the reads and requests per subgraph, and gives reads per request between two readings', () => {
    const before = batchTotalsOf(metrics([10, 5], [4, 4]));
    expect(before).toEqual({ jafflr: { reads: 10, requests: 5 }, chillybin: { reads: 4, requests: 4 } });
    expect(readsPerRequest(before, batchTotalsOf(metrics([40, 15], [4, 4])))).toBe('jafflr 3.0');
    expect(readsPerRequest(before, batchTotalsOf(metrics([40, 15], [24, 8])))).toBe('jafflr 3.0, chillybin 5.0');
  });

  it('has nothing to say of a gateway without the metric', () => {
    expect(batchTotalsOf('process_cpu_seconds_total 1')).toBeUndefined();
    expect(readsPerRequest(undefined, batchTotalsOf(metrics([1, 1], [1, 1])))).toBe('');
  });
});
