import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { env as field, parseEnv } from '../../platform/config.js';
import { main } from '../../platform/runService.js';
import { StartupError } from '../../platform/startupError.js';
import { DevDbStartError, startDevDb } from './devdb.js';

// `npm run devdb`: the embedded database alone, for running services one at a
// time. On MongoDB's well-known port by default, so that the MONGODB_URI in
// .env.example and the README works as it is; `npm start` and the tests take a
// free port instead.
main(async () => {
  const { DEVDB_PORT: port } = parseEnv({ DEVDB_PORT: field.port(27017) }, process.env, 'npm run devdb');
  const dataDir = resolve(process.env.DEVDB_DATA ?? '.devdb/data');
  mkdirSync(dataDir, { recursive: true });
  const db = await startDevDb({ dataDir, port }).catch((err: unknown) => {
    if (!(err instanceof DevDbStartError) || !err.portInUse) throw err;
    throw new StartupError(
      `npm run devdb could not listen on 127.0.0.1:${port}: something else listens there. ` +
        `If it is a MongoDB of your own, use it (MONGODB_URI=mongodb://127.0.0.1:${port}); ` +
        'otherwise stop it, or set DEVDB_PORT to another port (0 for any free one).',
      { cause: err },
    );
  });
  console.log(`devdb ready: MONGODB_URI=${db.uri} (data in ${dataDir}); Ctrl-C stops it`);
  const stop = () => void db.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
});
