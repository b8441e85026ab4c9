import { parseArgs } from 'node:util';
import { ExitCode } from '../schema-check/runSchemaCheck.js';
import { formatHistory } from './formatHistory.js';
import { positiveVersion, registryFromEnv, runCommand } from './registryCli.js';

const HELP = `npm run schema:history -- [options]

Lists the schema registry's versions, newest first: what was published or rolled
back, by whom, at which commit, when, the check's verdict and the changes.

Options:
  --limit <n>            how many versions (default: 20)
  --json                 print the versions as JSON (without their schemas)
  -h, --help             print this help

Exit codes: 0 listed; 3 usage error; 4 crashed; 5 the registry cannot be reached.`;

async function historyMain(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      limit: { type: 'string', default: '20' },
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
  const limit = positiveVersion(values.limit);
  const { registry } = await registryFromEnv(process.env, 'schema-history');
  try {
    const current = await registry.schemas.currentNumber();
    const versions = await registry.schemas.history(limit);
    if (values.json) {
      const listed = versions.map(({ supergraphSdl: _sdl, subgraphs, ...v }) => ({
        ...v,
        version: v._id,
        subgraphs: subgraphs.map((s) => s.name),
      }));
      console.log(JSON.stringify({ current, versions: listed }, null, 2));
    } else {
      console.log(formatHistory(versions, current));
    }
    return ExitCode.ok;
  } finally {
    await registry.close();
  }
}

runCommand('schema:history', historyMain);
