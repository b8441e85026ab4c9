import { describe, expect, it } from 'vitest';
import type { Measurement } from './measurement.js';
import { compare, comparisonTable, formatTable, type ComparisonSpec, type ScenarioResult } from './report.js';
import { addGateUse, gateUseBetween, writeGateTable } from './writeGate.js';

function result(id: string, rps: number, p99Ms: number): ScenarioResult {
  const m: Measurement = {
    requests: rps * 10,
    seconds: 10,
    rps,
    p50Ms: p99Ms / 2,
    p99Ms,
    errors: 0,
    non2xx: 0,
    graphqlErrors: 0,
  };
  return { id, title: id, server: 'gateway', result: m, rounds: [m], peakRssMiB: {}, cpuSeconds: {} };
}

const spec: ComparisonSpec = {
  title: 'ours / direct',
  ours: 'ours',
  baseline: 'direct',
  minRpsRatio: 0.5,
  maxP99Ratio: 2,
};

describe('compare', () => {
  it.each([
    { ours: [600, 20], direct: [1000, 10], rpsRatio: 0.6, p99Ratio: 2, met: true },
    { ours: [400, 10], direct: [1000, 10], rpsRatio: 0.4, p99Ratio: 1, met: false },
    { ours: [900, 25], direct: [1000, 10], rpsRatio: 0.9, p99Ratio: 2.5, met: false },
  ])('ours $ours against direct $direct: met $met', ({ ours, direct, rpsRatio, p99Ratio, met }) => {
    const comparison = compare(spec, [result('ours', ours[0]!, ours[1]!), result('direct', direct[0]!, direct[1]!)]);
    expect(comparison?.rpsRatio).toBeCloseTo(rpsRatio);
    expect(comparison?.p99Ratio).toBeCloseTo(p99Ratio);
    expect(comparison?.met).toBe(met);
  });

  it('ignores the p99 when the target has no bound on it', () => {
    const comparison = compare({ ...spec, maxP99Ratio: undefined }, [
      result('ours', 600, 100),
      result('direct', 1000, 10),
    ]);
    expect(comparison?.met).toBe(true);
  });

  it('gives nothing when a scenario did not run', () => {
    expect(compare(spec, [result('ours', 600, 20)])).toBeUndefined();
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

  it('shows ratios with two decimals and says which targets are missed', () => {
    const comparison = compare(spec, [result('ours', 400, 10), result('direct', 1000, 10)])!;
    expect(comparisonTable([comparison]).split('\n')[2]).toBe(
      'ours / direct      0.40×      1.00×  rps ≥ 0.5×, p99 ≤ 2×  NO',
    );
  });
});

describe('write gate', () => {
  it('shows, for the scenarios that wrote, how busy the gate was and how long each write held it and queued', () => {
    const before = { writes: 100, heldNanos: 1e9, queuedNanos: 5e9, atMs: 1000 };
    const after = { writes: 1100, heldNanos: 1e9 + 900e6, queuedNanos: 5e9 + 30_000e6, atMs: 2000 };
    const writing = { ...result('5', 300, 100), writeGate: addGateUse(undefined, gateUseBetween(before, after)) };
    const reading = { ...result('3', 700, 50), writeGate: { writes: 0, heldMs: 0, queuedMs: 0, elapsedMs: 1000 } };
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
