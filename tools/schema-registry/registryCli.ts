import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { parseEnv, type Env } from '../../platform/config.js';
import { registryCheckEnv, registryConfigOf } from '../../platform/registry/registryConfig.js';
import { openRegistry, type OpenRegistry } from '../../platform/registry/openRegistry.js';
import { exitCodeOf } from '../schema-check/exitCodeOf.js';
import { ExitCode } from '../schema-check/runSchemaCheck.js';
import { UsageError } from '../schema-check/UsageError.js';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_OPERATIONS } from '../schema-check/loadOperations.js';

/** The registry the environment names, opened; and the usage window checks look back over. */
export async function registryFromEnv(
  source: Env,
  appName: string,
): Promise<{ registry: OpenRegistry; windowDays: number }> {
  const e = parseEnv(registryCheckEnv(), source);
  const config = registryConfigOf(e);
  if (!config) throw new UsageError('no registry configured: set REGISTRY_MONGODB_URI (or MONGODB_URI)');
  return { registry: await openRegistry(config, appName), windowDays: e.USAGE_WINDOW_DAYS };
}

function git(cwd: string, args: string[]): string | undefined {
  try {
    return (
      execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined
    );
  } catch {
    return undefined;
  }
}

/** Who publishes: `--by`, else git's user.name, else the login name. */
export function publisherOf(cwd: string, by: string | undefined): string {
  return by ?? git(cwd, ['config', 'user.name']) ?? userInfo().username;
}

export const gitCommitOf = (cwd: string) => git(cwd, ['rev-parse', '--verify', '--quiet', 'HEAD']);

/** Runs a schema command as a process: its exit code, or the one its error maps to, with the message on stderr. */
export function runCommand(name: string, command: (argv: string[]) => Promise<number>): void {
  command(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const code = exitCodeOf(err);
      console.error(`${name}: ${err instanceof Error ? err.message : String(err)}`);
      if (code === ExitCode.usage) console.error(`see npm run ${name} -- --help`);
      process.exit(code);
    },
  );
}

export const positiveVersion = (text: string): number => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${text} is not a version number (1, 2, ...)`);
  return n;
};

/** The options of every command that checks a change and records it: schema:publish and schema:rollback. */
export const CHECKED_CHANGE_OPTIONS = {
  'dry-run': { type: 'boolean', default: false },
  by: { type: 'string' },
  operations: { type: 'string', default: DEFAULT_OPERATIONS },
  config: { type: 'string', default: 'supergraph.yaml' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const satisfies ParseArgsConfig['options'];
