import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatReport, summaryOf } from './formatReport.js';
import { registryBase } from '../schema-registry/registryBase.js';
import { registryFromEnv } from '../schema-registry/registryCli.js';
import { exitCodeOf } from './exitCodeOf.js';
import { ExitCode, runSchemaCheck, type SchemaCheckOptions } from './runSchemaCheck.js';
import { UsageError } from './UsageError.js';
import { DEFAULT_OPERATIONS } from './loadOperations.js';

const HELP = `npm run schema:check -- [options]

Composes the subgraphs in supergraph.yaml, checks the committed supergraph.graphql
is what composition produces, compares the API schema with a base for breaking
changes, and validates the frontend's operations against the new API schema.

Options:
  --base-ref <ref>       compare with supergraph.graphql at this git ref
                         (default: git merge-base HEAD main; HEAD when there is no main)
  --base-schema <file>   compare with this schema file instead (a supergraph or an API schema)
  --against registry     compare with the schema registry's current version instead, with the
                         usage every gateway recorded there in the last USAGE_WINDOW_DAYS
                         (REGISTRY_MONGODB_URI, else MONGODB_URI; REGISTRY_DB)
  --operations <glob>    the frontend's known operations: persisted-operations manifests (*.json, one per
                         client version; delete one to retire it) or operation files (*.graphql)
                         (default: persisted-operations/*.json)
  --usage <file>         the gateway's deprecated-usage report (JSON); its clients count as users
  --config <file>        supergraph config (default: supergraph.yaml)
  --supergraph <file>    committed supergraph (default: supergraph.graphql)
  --json                 print the report as JSON
  -h, --help             print this help

A removed element that the base had @deprecated is allowed when no operation file
and no client in the usage report uses it; otherwise a removal is breaking.

Exit codes:
  0  passed (dangerous changes and deprecation warnings are reported, not failed)
  1  a breaking change, or an operation file that is invalid against the new schema
  2  a composition error, or supergraph.graphql is stale (run npm run compose)
  3  usage error: unknown option, bad ref, unreadable file or usage report
  4  the check itself crashed (a bug; the message says where)
  5  the registry cannot be reached (--against registry)`;

async function schemaCheckMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'base-ref': { type: 'string' },
      'base-schema': { type: 'string' },
      against: { type: 'string' },
      operations: { type: 'string', default: DEFAULT_OPERATIONS },
      usage: { type: 'string' },
      config: { type: 'string', default: 'supergraph.yaml' },
      supergraph: { type: 'string', default: 'supergraph.graphql' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) {
    console.log(HELP);
    return ExitCode.ok;
  }
  if (values['base-ref'] && values['base-schema']) throw new UsageError('give --base-ref or --base-schema, not both');
  if (values.against !== undefined && values.against !== 'registry')
    throw new UsageError(`--against takes registry (the git base is the default), not ${values.against}`);
  if (values.against && (values['base-ref'] || values['base-schema'] || values.usage))
    throw new UsageError(
      '--against registry takes its base and usage from the registry: drop --base-ref, --base-schema, --usage',
    );
  const cwd = process.cwd();
  const options: SchemaCheckOptions = {
    cwd,
    configFile: resolve(cwd, values.config),
    supergraphFile: resolve(cwd, values.supergraph),
    baseRef: values['base-ref'],
    baseSchemaFile: values['base-schema'] && resolve(cwd, values['base-schema']),
    operations: values.operations,
    usageFile: values.usage && resolve(cwd, values.usage),
  };
  let report;
  if (values.against) {
    const { registry, windowDays } = await registryFromEnv(process.env, 'schema-check');
    try {
      const { base, usage } = await registryBase(registry, windowDays);
      report = await runSchemaCheck({ ...options, base, usage });
    } finally {
      await registry.close();
    }
  } else {
    report = await runSchemaCheck(options);
  }
  console.log(values.json ? JSON.stringify({ ...report, summary: summaryOf(report) }, null, 2) : formatReport(report));
  return report.exitCode;
}

schemaCheckMain(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    const code = exitCodeOf(err);
    console.error(`schema check: ${err instanceof Error ? err.message : String(err)}`);
    if (code === ExitCode.usage) console.error('see npm run schema:check -- --help');
    process.exit(code);
  },
);
