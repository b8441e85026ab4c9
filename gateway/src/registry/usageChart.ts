import type { UsageCount } from '../../../platform/registry/UsageHistory.js';

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** One `coordinate — client/version`, with its count on each of `days`. */
export interface UsageSeries {
  label: string;
  counts: number[];
}

/** Daily usage grouped into series, days oldest first: what both the chart and the table show. */
export function usageSeries(usage: (UsageCount & { day: string })[]): { days: string[]; series: UsageSeries[] } {
  const days = [...new Set(usage.map((u) => u.day))].sort();
  const byLabel = new Map<string, number[]>();
  for (const u of usage) {
    const label = `${u.coordinate} — ${u.clientName}/${u.clientVersion}`;
    const counts = byLabel.get(label) ?? days.map(() => 0);
    counts[days.indexOf(u.day)]! += u.count;
    byLabel.set(label, counts);
  }
  return { days, series: [...byLabel].map(([label, counts]) => ({ label, counts })) };
}

// Tableau 10: told apart by most people with a colour-vision deficiency, the labels say the rest.
const COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f'];
const WIDTH = 640;
const HEIGHT = 240;
const LEFT = 40;
const RIGHT = 10;
const TOP = 10;
const BOTTOM = 30;

/**
 * Deprecated usage per day as inline SVG, a bar group per day with a bar per series, and a
 * legend; a sentence instead when there is none. Built here so the page needs no script.
 */
export function usageChart({ days, series }: { days: string[]; series: UsageSeries[] }, daysShown: number): string {
  if (series.length === 0) return `<p class="no-usage">No deprecated usage in the last ${daysShown} days.</p>`;
  const max = Math.max(1, ...series.flatMap((s) => s.counts));
  const plotWidth = WIDTH - LEFT - RIGHT;
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const groupWidth = plotWidth / days.length;
  const barWidth = (groupWidth * 0.8) / series.length;
  const y = (count: number) => TOP + plotHeight - (count / max) * plotHeight;
  const round = (n: number) => Math.round(n * 10) / 10;

  const summary = `Deprecated usage per day from ${days[0]} to ${days.at(-1)}: ${series
    .map((s) => `${s.label}, ${s.counts.reduce((a, b) => a + b, 0)} in all`)
    .join('; ')}`;
  const axes = `<line x1="${LEFT}" y1="${TOP + plotHeight}" x2="${WIDTH - RIGHT}" y2="${TOP + plotHeight}" stroke="#888"/>
<text x="${LEFT - 4}" y="${TOP + plotHeight}" text-anchor="end" font-size="11">0</text>
<text x="${LEFT - 4}" y="${TOP + 10}" text-anchor="end" font-size="11">${max}</text>
<line x1="${LEFT}" y1="${TOP}" x2="${WIDTH - RIGHT}" y2="${TOP}" stroke="#ddd"/>`;
  const dayLabels = days
    .map(
      (day, d) =>
        `<text x="${round(LEFT + (d + 0.5) * groupWidth)}" y="${HEIGHT - 10}" text-anchor="middle" font-size="11">${escapeHtml(day)}</text>`,
    )
    .join('');
  const bars = series
    .map((s, i) => {
      const colour = COLOURS[i % COLOURS.length]!;
      const rects = s.counts
        .map((count, d) => {
          const x = LEFT + d * groupWidth + groupWidth * 0.1 + i * barWidth;
          const title = escapeHtml(`${s.label}, ${days[d]}: ${count}`);
          return `<rect x="${round(x)}" y="${round(y(count))}" width="${round(barWidth)}" height="${round(TOP + plotHeight - y(count))}" fill="${colour}"><title>${title}</title></rect>`;
        })
        .join('');
      return `<g class="series" data-series="${escapeHtml(s.label)}">${rects}</g>`;
    })
    .join('\n');
  const legend = series
    .map(
      (s, i) =>
        `<li><svg width="12" height="12" aria-hidden="true"><rect width="12" height="12" fill="${COLOURS[i % COLOURS.length]!}"/></svg> ${escapeHtml(s.label)}</li>`,
    )
    .join('');

  return `<figure class="usage-chart">
<svg role="img" aria-label="${escapeHtml(summary)}" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="${WIDTH}" height="${HEIGHT}" xmlns="http://www.w3.org/2000/svg">
<title>${escapeHtml(summary)}</title>
${axes}
${bars}
${dayLabels}
</svg>
<ul class="legend">${legend}</ul>
</figure>`;
}
