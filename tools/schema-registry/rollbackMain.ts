import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, summaryOf } from '../schema-check/formatReport.js';
import { ExitCode } from '../schema-check/runSchemaCheck.js';
import { UsageError } from '../schema-check/UsageError.js';
import {
  gitCommitOf,
  positiveVersion,
  publisherOf,
  registryFromEnv,
  runCommand,
  CHECKED_CHANGE_OPTIONS,
} from './registryCli.js';
import { rollbackSchema } from './rollbackSchema.js';

const HELP = `npm run schema:rollback -- <version> [options]

Makes an earlier version of the schema registry current again, recorded as a
new version that copies its schemas (history is never rewritten). It is checked
like a publish and the verdict recorded, but not refused: a rollback undoes a bad
publish in a hurry.

Options:
  --dry-run              say what would happen, store nothing
  --by <name>            who rolls back (default: git user.name, else the login name)
  --json                 print the report as JSON
  -h, --help             print this help

Exit codes: 0 rolled back; 3 usage error (a version that does not exist, or is
current already); 4 crashed; 5 the registry cannot be reached; 6 someone
published meanwhile, run again.`;

async function rollbackMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      ...CHECKED_CHANGE_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give the version to roll back to: schema:rollback -- <version>');
  const version = positiveVersion(positionals[0]!);
  const cwd = process.cwd();
  const { registry, windowDays } = await registryFromEnv(process.env, 'schema-rollback');
  try {
    const result = await rollbackSchema({
      cwd,
      configFile: resolve(cwd, values.config),
      operations: values.operations,
      version,
      dryRun: values['dry-run'],
      publishedBy: publisherOf(cwd, values.by),
      gitCommit: gitCommitOf(cwd),
      windowDays,
      registry,
    });
    const { report, against, published } = result;
    const line = published
      ? `rolled back to version ${version} as version ${published._id} (was ${against}); it is now current`
      : `dry run: would roll back to version ${version} as version ${against + 1}; nothing stored`;
    if (values.json) {
      const registryPart = { against, outcome: result.outcome, version: published?._id, rollbackOf: version };
      console.log(JSON.stringify({ ...report, summary: summaryOf(report), registry: registryPart }, null, 2));
    } else {
      console.log(`${formatReport(report)}\n${line}`);
    }
    return ExitCode.ok;
  } finally {
    await registry.close();
  }
}

runCommand('schema:rollback', rollbackMain);
