import { execFileSync } from 'node:child_process';

export class UnknownRefError extends Error {
  override name = 'UnknownRefError';
}

const git = (root: string, args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * Files changed on this side since `ref`, as repository-relative paths: from where
 * HEAD left `ref` (their merge base, so what landed on `ref` since does not count)
 * to the working tree, committed, staged, unstaged and untracked alike, so a
 * developer can ask before committing. A rename counts as both paths.
 */
export function changedFilesSince(root: string, ref: string): string[] {
  try {
    git(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new UnknownRefError(`${ref} is not a commit in this repository`);
  }
  const base = mergeBase(root, ref) ?? ref;
  const changed = git(root, ['diff', '--name-only', '--no-renames', base, '--']).split('\n');
  const untracked = git(root, ['ls-files', '--others', '--exclude-standard']).split('\n');
  return [...new Set([...changed, ...untracked].filter(Boolean))].sort();
}

function mergeBase(root: string, ref: string): string | undefined {
  try {
    return git(root, ['merge-base', ref, 'HEAD']).trim();
  } catch {
    return undefined;
  }
}

export function repositoryRoot(cwd: string): string {
  return git(cwd, ['rev-parse', '--show-toplevel']).trim();
}
