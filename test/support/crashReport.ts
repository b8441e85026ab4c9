/** What one crash case saw, kept whether it passed or not, for the summary at the end. */
export interface CaseRecord {
  name: string;
  pick: string;
  victims: string;
  /** When the victims were killed, after the burst started; null for no kill. */
  killMs: number | null;
  /** How many of the burst's requests had been answered by then. */
  answeredBeforeKill: number;
  burstSize: number;
  outcomes: Record<string, number>;
  /** From the kill until the gateway answered a query on both subgraphs again. */
  answeredAgainMs: number | null;
  /** From the kill (or the burst's start) until the system was settled; null when it never was. */
  settledMs: number | null;
  /** Ingredient: taken minus what MADE toasties hold; positive is stock lost (or, unsettled, still held). */
  mismatches: Record<string, number>;
  problems: string[];
  lowestStock: Record<string, number>;
  failed: boolean;
}

const seconds = (ms: number | null) => (ms === null ? '-' : `${(ms / 1000).toFixed(1)} s`);

function worst(records: CaseRecord[], field: 'answeredAgainMs' | 'settledMs'): string {
  const measured = records.filter((r) => r.killMs !== null && r.settledMs !== null && r[field] !== null);
  if (measured.length === 0) return '-';
  const top = measured.reduce((a, b) => (b[field]! > a[field]! ? b : a));
  return `${seconds(top[field])} (${top.pick}, ${top.name})`;
}

/** A table of every case, then the kill points covered and the worst recovery. */
export function crashSummary(records: CaseRecord[], seed: number): string {
  const rows = records.map((r) => ({
    pick: r.pick,
    case: r.name,
    'kill at': r.killMs === null ? '-' : `${Math.round(r.killMs)} ms`,
    'answered before': `${r.answeredBeforeKill}/${r.burstSize}`,
    outcomes: Object.entries(r.outcomes)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(', '),
    'answers again': seconds(r.answeredAgainMs),
    settled: seconds(r.settledMs),
    ledger: `${r.settledMs === null ? 'not settled ' : ''}${Object.keys(r.mismatches).length === 0 ? 'exact' : JSON.stringify(r.mismatches)}`,
    problems: r.problems.length,
    result: r.failed ? 'FAIL' : 'ok',
  }));
  const columns = Object.keys(rows[0] ?? {}) as (keyof (typeof rows)[number])[];
  const width = (c: (typeof columns)[number]) => Math.max(c.length, ...rows.map((row) => String(row[c]).length));
  const line = (cells: Record<string, string | number>) =>
    columns.map((c) => String(cells[c]).padEnd(width(c))).join('  ');
  const killed = records.filter((r) => r.killMs !== null);
  const points = killed
    .map((r) => `${Math.round((100 * r.answeredBeforeKill) / r.burstSize)}%`)
    .sort((a, b) => parseInt(a) - parseInt(b));
  return [
    `crash test, seed ${seed} (CRASH_SEED=${seed} replays these kill moments)`,
    line(Object.fromEntries(columns.map((c) => [c, c]))),
    ...rows.map(line),
    `kill points covered: ${killed.length} kills, with ${points.join(' ')} of the burst answered before the kill`,
    `worst time until the gateway answered again: ${worst(records, 'answeredAgainMs')}`,
    `worst time until settled: ${worst(records, 'settledMs')}`,
    `failed: ${records.filter((r) => r.failed).length} of ${records.length}`,
  ].join('\n');
}

/** One pino line as its message and error, without the stack, for a failing case's report. */
export function logSummary(line: string): string {
  try {
    const { msg, err } = JSON.parse(line) as { msg?: string; err?: { message?: string } };
    return err?.message ? `${msg}: ${err.message}` : String(msg);
  } catch {
    return line.slice(0, 200);
  }
}
