import { parseArgs } from 'node:util';
import { affectedServices } from './affectedServices.js';
import { changedFilesSince, repositoryRoot, UnknownRefError } from './changedFilesSince.js';

const HELP = `npm run affected -- <ref> [--json]

Lists the services (gateway, chillybin, jafflr, web) affected by the changes since
<ref> (committed or not), one per line, following each service's imports.

Exit codes: 0 listed (possibly none), 3 usage error (no ref, unknown ref, unknown option).`;

function affectedMain(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } },
    allowPositionals: true,
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UnknownRefError('give exactly one git ref, such as main or origin/main');
  const [ref] = positionals as [string];
  const root = repositoryRoot(process.cwd());
  const changedFiles = changedFilesSince(root, ref);
  const affected = affectedServices(root, changedFiles);
  if (values.json) console.log(JSON.stringify({ ref, changedFiles, services: affected }, null, 2));
  else for (const { name } of affected) console.log(name);
  return 0;
}

try {
  process.exit(affectedMain(process.argv.slice(2)));
} catch (err) {
  const usage = err instanceof UnknownRefError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`affected: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(usage ? 3 : 4);
}
