import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, summaryOf } from '../schema-check/formatReport.js';
import { ExitCode } from '../schema-check/runSchemaCheck.js';
import { UsageError } from '../schema-check/UsageError.js';
import { publishSchema, type PublishResult } from './publishSchema.js';
import { gitCommitOf, publisherOf, registryFromEnv, runCommand, CHECKED_CHANGE_OPTIONS } from './registryCli.js';

const HELP = `npm run schema:publish -- <subgraph> [options]

Runs the checks of npm run schema:check against the schema registry's current
version (composition, breaking changes, deprecated elements still used by any
gateway's clients within USAGE_WINDOW_DAYS, the frontend's operations) with
<subgraph>'s new schema, and on success stores the new supergraph as the next
version and makes it current. Gateways with SUPERGRAPH_SOURCE=registry follow.

Options:
  --schema <file>        the subgraph's new schema (default: its file in supergraph.yaml)
  --dry-run              check and say what would be published, store nothing
  --by <name>            who publishes (default: git user.name, else the login name)
  --operations <glob>    the frontend's known operations (default: persisted-operations/*.json)
  --config <file>        supergraph config (default: supergraph.yaml)
  --json                 print the report as JSON
  -h, --help             print this help

Settings: REGISTRY_MONGODB_URI (else MONGODB_URI), REGISTRY_DB, USAGE_WINDOW_DAYS, DB_TIMEOUT_MS.

Exit codes:
  0  published (or would be, with --dry-run), or nothing changed
  1  a breaking change, or an operation file that is invalid against the new schema
  2  a composition error (a schema that does not parse, subgraphs that do not compose)
  3  usage error: unknown subgraph or option, unreadable file, bad setting
  4  the command itself crashed (a bug; the message says where)
  5  the registry cannot be reached
  6  refused: someone published since this check read the current version; run again`;

function describe(result: PublishResult): string {
  const { against, published, outcome } = result;
  switch (outcome) {
    case 'published':
      return `published version ${published!._id} (was ${against}); it is now current`;
    case 'would publish':
      return `dry run: would publish version ${against + 1} (current is ${against}); nothing stored`;
    case 'no change':
      return `nothing to publish: the schemas are those of current version ${against}`;
    case 'refused by the check':
      return `not published: the check failed against ${against === 0 ? 'an empty registry' : `version ${against}`}`;
  }
}

async function publishMain(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      schema: { type: 'string' },
      ...CHECKED_CHANGE_OPTIONS,
    },
    strict: true,
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return ExitCode.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give the one subgraph to publish: schema:publish -- <subgraph>');
  const cwd = process.cwd();
  const { registry, windowDays } = await registryFromEnv(process.env, 'schema-publish');
  try {
    const result = await publishSchema({
      cwd,
      configFile: resolve(cwd, values.config),
      operations: values.operations,
      subgraph: positionals[0]!,
      schemaFile: values.schema && resolve(cwd, values.schema),
      dryRun: values['dry-run'],
      publishedBy: publisherOf(cwd, values.by),
      gitCommit: gitCommitOf(cwd),
      windowDays,
      registry,
    });
    const { report } = result;
    if (values.json) {
      const registryPart = { against: result.against, outcome: result.outcome, version: result.published?._id };
      console.log(JSON.stringify({ ...report, summary: summaryOf(report), registry: registryPart }, null, 2));
    } else {
      console.log(`${formatReport(report)}\n${describe(result)}`);
    }
    return report.exitCode;
  } finally {
    await registry.close();
  }
}

runCommand('schema:publish', publishMain);
