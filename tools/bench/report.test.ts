import { describe, expect, it } from 'vitest';
import type { Measurement } from './measurement.js';
import {
  compare,
  comparisonTable,
  formatSpread,
  formatTable,
  spread,
  type ComparisonSpec,
  type ScenarioResult,
} from './report.js';
import { addGateUse, gateUseBetween, writeGateTable } from './writeGate.js';

const measurement = (rps: number, p99Ms: number): Measurement => ({
  requests: rps * 10,
  seconds: 10,
  rps,
  p50Ms: p99Ms / 2,
  p99Ms,
  errors: 0,
  non2xx: 0,
  graphqlErrors: 0,
});

/**
 * A scenario measured in rounds: each round's req/s and p99, and the CPU
 * seconds its server spent (plus one other process's, and the load generator's).
 */
function result(id: string, rounds: { rps: number; p99: number; cpu?: number }[], server = 'gateway'): ScenarioResult {
  const measured = rounds.map(({ rps, p99 }) => measurement(rps, p99));
  const cpuRounds = rounds.map(({ cpu = 0 }) => ({ [server]: cpu, devdb: 1, 'bench (load)': 5 }));
  const cpuSeconds: Record<string, number> = {};
  for (const round of cpuRounds)
    for (const [name, s] of Object.entries(round)) cpuSeconds[name] = (cpuSeconds[name] ?? 0) + s;
  const requests = measured.reduce((n, m) => n + m.requests, 0);
  const seconds = measured.reduce((n, m) => n + m.seconds, 0);
  return {
    id,
    title: id,
    server,
    traffic: 'varied',
    result: { ...measured[0]!, requests, seconds, rps: requests / seconds },
    rounds: measured,
    peakRssMiB: {},
    cpuSeconds,
    cpuRounds,
  };
}

const spec: ComparisonSpec = {
  title: 'ours / direct',
  ours: 'ours',
  baseline: ['direct'],
  minRpsRatio: 0.5,
  maxP99Ratio: 2,
};

describe('compare', () => {
  it.each([
    { ours: [600, 20], direct: [1000, 10], rpsRatio: 0.6, p99Ratio: 2, met: true },
    { ours: [400, 10], direct: [1000, 10], rpsRatio: 0.4, p99Ratio: 1, met: false },
    { ours: [900, 25], direct: [1000, 10], rpsRatio: 0.9, p99Ratio: 2.5, met: false },
  ])('ours $ours against direct $direct: met $met', ({ ours, direct, rpsRatio, p99Ratio, met }) => {
    const comparison = compare(spec, [
      result('ours', [{ rps: ours[0]!, p99: ours[1]! }]),
      result('direct', [{ rps: direct[0]!, p99: direct[1]! }]),
    ]);
    expect(comparison?.rpsRatio.value).toBeCloseTo(rpsRatio);
    expect(comparison?.p99Ratio.value).toBeCloseTo(p99Ratio);
    expect(comparison?.met).toBe(met);
  });

  it.each([
    { failures: { graphqlErrors: 300 }, failed: 300, rpsRatio: 0.7 },
    // The 5 without an answer are not among the 1,000 answers.
    { failures: { non2xx: 200, errors: 5 }, failed: 205, rpsRatio: 0.8 },
  ])(
    'counts only answers without a failure as throughput, and meets no target with $failed failed',
    ({ failures, failed, rpsRatio }) => {
      const ours = result('ours', [{ rps: 100, p99: 10 }]);
      // 1,000 answers in 10 s; those with GraphQL errors or a non-2xx status are not throughput.
      const failing = { ...ours.result, ...failures };
      const comparison = compare({ ...spec, minRpsRatio: 0.5 }, [
        { ...ours, result: failing, rounds: [failing] },
        result('direct', [{ rps: 100, p99: 10 }]),
      ])!;
      expect(comparison.rpsRatio.value).toBeCloseTo(rpsRatio);
      expect(comparison.failed).toBe(failed);
      expect(comparison.met).toBe(false);
      expect(comparisonTable([comparison])).toContain(`NO (${failed} failed)`);
    },
  );

  it('ignores the p99 when the target has no bound on it', () => {
    const comparison = compare({ ...spec, maxP99Ratio: undefined }, [
      result('ours', [{ rps: 600, p99: 100 }]),
      result('direct', [{ rps: 1000, p99: 10 }]),
    ]);
    expect(comparison?.met).toBe(true);
  });

  it('gives nothing when a scenario did not run', () => {
    expect(compare(spec, [result('ours', [{ rps: 600, p99: 20 }])])).toBeUndefined();
  });

  it('compares CPU per request of each server, overall and round by round, and of all serving processes', () => {
    // ours: 1,000 req in each round, 1 s then 2 s of gateway CPU: 1 and 2 ms/req.
    // hive: 1,000 req in each round, 4 s each: 4 ms/req. Round ratios 0.25 and 0.5.
    const comparison = compare({ title: 'cpu', ours: 'ours', baseline: ['hive'], maxCpuRatio: 0.3 }, [
      result('ours', [
        { rps: 100, p99: 10, cpu: 1 },
        { rps: 100, p99: 10, cpu: 2 },
      ]),
      result(
        'hive',
        [
          { rps: 100, p99: 10, cpu: 4 },
          { rps: 100, p99: 10, cpu: 4 },
        ],
        'hive',
      ),
    ])!;
    expect(comparison.cpuRatio).toEqual({ value: 0.375, min: 0.25, max: 0.5 });
    // Serving processes without the load generator: (3 + 2) / (8 + 2).
    expect(comparison.totalCpuRatio).toBeCloseTo(0.5);
    expect(comparison.met).toBe(false);
  });

  it('takes, of several baselines, the one whose server spends least CPU per request', () => {
    const comparison = compare({ title: 'better Hive', ours: 'ours', baseline: ['js', 'rust'], maxCpuRatio: 0.3 }, [
      result('ours', [{ rps: 100, p99: 10, cpu: 1 }]),
      result('js', [{ rps: 100, p99: 10, cpu: 8 }], 'hive'),
      result('rust', [{ rps: 100, p99: 10, cpu: 4 }], 'hive-rust'),
    ])!;
    expect(comparison.baseline).toBe('rust');
    expect(comparison.cpuRatio?.value).toBeCloseTo(0.25);
    expect(comparison.met).toBe(true);
  });
});

describe('spread', () => {
  it.each([
    { value: 2, values: [1, 3, 2], expected: '2.00× (1.00–3.00)' },
    { value: 2, values: [2, 2], expected: '2.00×' },
    { value: 2, values: [NaN, 1.5, 2.5], expected: '2.00× (1.50–2.50)' },
    { value: NaN, values: [1], expected: '-' },
  ])('$value over $values shows as $expected', ({ value, values, expected }) => {
    expect(formatSpread(spread(value, values), 2, '×')).toBe(expected);
  });
});

describe('tables', () => {
  it('pads text left and numbers right, under a rule as wide as each column', () => {
    expect(
      formatTable(
        ['name', 'req/s'],
        [
          ['stock', '1234'],
          ['toasties', '56'],
        ],
      ),
    ).toBe(['name      req/s', '--------  -----', 'stock      1234', 'toasties     56'].join('\n'));
  });

  it('shows ratios with their spread over rounds, and says which targets are missed', () => {
    const comparison = compare(spec, [
      result('ours', [
        { rps: 300, p99: 10 },
        { rps: 500, p99: 10 },
      ]),
      result('direct', [
        { rps: 1000, p99: 10 },
        { rps: 1000, p99: 10 },
      ]),
    ])!;
    // No gateway CPU was recorded, so no server ratio; devdb's 1 s a round makes the all-process ratio.
    expect(comparisonTable([comparison]).split('\n')[2]).toBe(
      'ours / direct  direct                      -              2.50×  0.40× (0.30–0.50)      1.00×  rps ≥ 0.5×, p99 ≤ 2×  NO',
    );
  });
});

describe('write gate', () => {
  it('shows, for the scenarios that wrote, how busy the gate was and how long each write held it and queued', () => {
    const before = { writes: 100, heldNanos: 1e9, queuedNanos: 5e9, atMs: 1000 };
    const after = { writes: 1100, heldNanos: 1e9 + 900e6, queuedNanos: 5e9 + 30_000e6, atMs: 2000 };
    const one = (id: string, rps: number, p99: number) => result(id, [{ rps, p99 }]);
    const writing = { ...one('5', 300, 100), writeGate: addGateUse(undefined, gateUseBetween(before, after)) };
    const reading = { ...one('3', 700, 50), writeGate: { writes: 0, heldMs: 0, queuedMs: 0, elapsedMs: 1000 } };
    expect(writeGateTable([reading, writing])!.split('\n')[2]).toBe(
      '5      1000        90%           0.90             30.0',
    );
    expect(writeGateTable([reading])).toBeUndefined();
  });

  it('adds up the rounds', () => {
    const round = { writes: 10, heldMs: 5, queuedMs: 20, elapsedMs: 100 };
    expect(addGateUse(addGateUse(undefined, round), round)).toEqual({
      writes: 20,
      heldMs: 10,
      queuedMs: 40,
      elapsedMs: 200,
    });
  });
});
