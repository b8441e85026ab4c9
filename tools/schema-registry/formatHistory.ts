import type { SchemaVersion } from '../../platform/registry/SchemaRegistry.js';

/** One block per version, newest first: what, who, when, the check's verdict and the changes. */
export function formatHistory(versions: SchemaVersion[], current: number): string {
  if (versions.length === 0) return 'the registry has no version yet (npm run schema:publish -- <subgraph>)';
  const lines: string[] = [];
  for (const v of versions) {
    const what = v.action === 'rollback' ? `rollback to version ${v.rollbackOf}` : `publish ${v.subgraph}`;
    const commit = v.gitCommit ? ` at ${v.gitCommit.slice(0, 7)}` : '';
    const mark = v._id === current ? '  (current)' : '';
    lines.push(`version ${v._id}${mark}  ${v.publishedAt.toISOString()}  ${what} by ${v.publishedBy}${commit}`);
    lines.push(`  ${v.check.summary}`);
    for (const change of v.changes) lines.push(`  ${change}`);
  }
  return lines.join('\n');
}
