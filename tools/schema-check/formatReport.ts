import type { SchemaCheckReport } from './runSchemaCheck.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The report for a terminal or a CI log: a section per check, one line per finding, a summary line. */
export function formatReport(report: SchemaCheckReport): string {
  const lines: string[] = [];
  const { composition, supergraph, base, changes, operations } = report;

  lines.push('Composition');
  if (composition.errors.length === 0) lines.push(`  ok        composed ${composition.subgraphs.join(', ')}`);
  for (const error of composition.errors) lines.push(`  ERROR     ${error}`);

  lines.push('', 'Supergraph');
  if (supergraph.file === null && supergraph.upToDate !== null)
    lines.push('  skipped   composed from the registry; no committed file to compare');
  else if (supergraph.upToDate === true) lines.push(`  ok        ${supergraph.file} matches composition`);
  if (supergraph.upToDate === false) {
    lines.push(
      `  STALE     ${supergraph.file} is not what composition produces; run \`npm run compose\` and commit it`,
    );
  }
  if (supergraph.upToDate === null) lines.push('  skipped   composition failed');

  if (supergraph.upToDate !== null) {
    lines.push('', `Schema changes (API schema against ${base.description})`);
    if (base.note) lines.push(`  note      ${base.note}`);
    if (changes.length === 0) lines.push('  none');
    for (const c of changes) {
      const label = c.verdict === 'breaking' ? 'BREAKING' : c.verdict;
      lines.push(`  ${label.padEnd(9)} ${c.coordinate}: ${c.message}${c.note ? ` (${c.note})` : ''}`);
    }

    lines.push('', `Operations (${operations.pattern})`);
    if (operations.files.length === 0) lines.push('  none found');
    for (const op of operations.files) {
      if (op.errors.length === 0 && op.deprecated.length === 0) lines.push(`  ok        ${op.file}`);
      for (const error of op.errors) lines.push(`  INVALID   ${op.file}: ${error}`);
      for (const d of op.deprecated)
        lines.push(`  warning   ${op.file}: uses deprecated ${d.coordinate} (${d.reason})`);
    }
  }

  lines.push('', summaryOf(report));
  return lines.join('\n');
}

export function summaryOf(report: SchemaCheckReport): string {
  const breaking = report.changes.filter((c) => c.verdict === 'breaking').length;
  const dangerous = report.changes.filter((c) => c.verdict === 'dangerous').length;
  const safe = report.changes.filter((c) => c.verdict === 'safe').length;
  const invalid = report.operations.files.filter((f) => f.errors.length > 0).length;
  const warnings = report.operations.files.reduce((n, f) => n + f.deprecated.length, 0);
  const problems = [
    report.composition.errors.length > 0 ? plural(report.composition.errors.length, 'composition error') : '',
    report.supergraph.upToDate === false ? 'stale supergraph' : '',
    breaking > 0 ? plural(breaking, 'breaking change') : '',
    invalid > 0 ? plural(invalid, 'invalid operation') : '',
  ].filter(Boolean);
  const counts = `${plural(dangerous, 'dangerous change')}, ${plural(safe, 'safe change')}, ${plural(warnings, 'deprecation warning')}`;
  return report.exitCode === 0
    ? `schema check passed: ${counts}`
    : `schema check FAILED (exit ${report.exitCode}): ${problems.join(', ')}; ${counts}`;
}
