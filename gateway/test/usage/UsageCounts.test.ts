import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { MAX_CLIENTS, UsageCounts } from '../../src/usage/UsageCounts.js';

const pick = { coordinate: 'Mutation.pick', kind: 'FIELD' } as const;
const burnt = { coordinate: 'Doneness.BURNT', kind: 'ENUM_VALUE' } as const;

describe('usage counts', () => {
  it('counts per client and element, sorted by coordinate, and adds to a restored report', () => {
    const counts = new UsageCounts(new Registry());
    counts.restore({
      schemaVersion: 1,
      generatedAt: '2026-01-01T00:00:00.000Z',
      entries: [{ clientName: 'kiosk', clientVersion: '1.0.0', ...pick, count: 5 }],
    });
    counts.record({ name: 'kiosk', version: '1.0.0' }, [pick, burnt]);
    counts.record({ name: 'kiosk', version: '1.0.0' }, [pick]);
    counts.record({ name: 'unknown', version: 'unknown' }, [pick]);

    expect(counts.report(new Date('2026-02-03T04:05:06.000Z'))).toEqual({
      schemaVersion: 1,
      generatedAt: '2026-02-03T04:05:06.000Z',
      entries: [
        { clientName: 'kiosk', clientVersion: '1.0.0', ...burnt, count: 1 },
        { clientName: 'kiosk', clientVersion: '1.0.0', ...pick, count: 7 },
        { clientName: 'unknown', clientVersion: 'unknown', ...pick, count: 1 },
      ],
    });
  });

  it(`counts clients past the first ${MAX_CLIENTS} together as "other"`, async () => {
    const registry = new Registry();
    const counts = new UsageCounts(registry);
    for (let i = 0; i < MAX_CLIENTS + 50; i++) counts.record({ name: 'bot', version: String(i) }, [pick]);
    counts.record({ name: 'bot', version: '0' }, [pick]);

    const entries = counts.report().entries;
    expect(entries).toHaveLength(MAX_CLIENTS + 1);
    expect(entries).toContainEqual({ clientName: 'other', clientVersion: 'other', ...pick, count: 50 });
    expect(entries).toContainEqual({ clientName: 'bot', clientVersion: '0', ...pick, count: 2 });
    const series = (await registry.getSingleMetric('graphql_deprecated_usage_total')!.get()).values;
    expect(series).toHaveLength(MAX_CLIENTS + 1);
  });
});
