import { describe, expect, it } from 'vitest';
import type { UsageCount } from '../../../platform/registry/UsageHistory.js';
import { usageChart, usageSeries } from './usageChart.js';

const used = (day: string, clientName: string, count: number, coordinate = 'Ingredient.description') => ({
  day,
  coordinate,
  kind: 'FIELD' as const,
  clientName,
  clientVersion: '1.0',
  count,
});

const cases: {
  name: string;
  usage: (UsageCount & { day: string })[];
  series: number;
  bars: number;
  contains: string[];
  lacks: string[];
}[] = [
  {
    name: 'no usage',
    usage: [],
    series: 0,
    bars: 0,
    contains: ['No deprecated usage in the last 7 days.'],
    lacks: ['<svg'],
  },
  {
    name: 'one series',
    usage: [used('2026-11-29', 'kiosk', 3)],
    series: 1,
    bars: 1,
    contains: [
      'role="img"',
      'aria-label="Deprecated usage per day from 2026-11-29 to 2026-11-29: Ingredient.description — kiosk/1.0, 3 in all"',
      '<title>Ingredient.description — kiosk/1.0, 2026-11-29: 3</title>',
      '<li><svg width="12" height="12" aria-hidden="true">',
    ],
    lacks: ['No deprecated usage'],
  },
  {
    name: 'several series and days, a day one client missed counted as 0',
    usage: [
      used('2026-11-27', 'kiosk', 2),
      used('2026-11-28', 'kiosk', 1),
      used('2026-11-28', 'web', 5),
      used('2026-11-28', 'web', 1, 'Mutation.pick'),
      used('2026-11-29', 'web', 4),
    ],
    series: 3,
    bars: 9,
    contains: [
      'from 2026-11-27 to 2026-11-29',
      'Ingredient.description — web/1.0, 9 in all',
      '<title>Ingredient.description — kiosk/1.0, 2026-11-29: 0</title>',
      '>2026-11-28</text>',
      'Mutation.pick — web/1.0</li>',
    ],
    lacks: [],
  },
  {
    name: 'a label with markup in it',
    usage: [used('2026-11-29', '<script>alert(1)</script>', 1)],
    series: 1,
    bars: 1,
    contains: ['&lt;script&gt;alert(1)&lt;/script&gt;/1.0'],
    lacks: ['<script>'],
  },
];

describe('usageChart', () => {
  it.each(cases)('$name', ({ usage, series, bars, contains, lacks }) => {
    const html = usageChart(usageSeries(usage), 7);
    expect(html.match(/<g class="series"/g) ?? []).toHaveLength(series);
    expect(html.match(/<rect x=/g) ?? []).toHaveLength(bars);
    for (const text of contains) expect(html).toContain(text);
    for (const text of lacks) expect(html).not.toContain(text);
    // Every bar inside the drawing, none of negative size.
    for (const [, x, y, w, h] of html.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height="([\d.]+)"/g)) {
      expect(Number(x) + Number(w)).toBeLessThanOrEqual(640);
      expect(Number(y) + Number(h)).toBeLessThanOrEqual(240);
    }
  });
});
