import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDevDb } from './devdb.js';

// `npm run devdb`: the embedded database alone, for running services one at a time.
const dataDir = resolve(process.env.DEVDB_DATA ?? '.devdb/data');
const port = Number(process.env.DEVDB_PORT ?? 27017);
mkdirSync(dataDir, { recursive: true });
const db = await startDevDb({ dataDir, port });
console.log(`devdb ready: MONGODB_URI=${db.uri} (data in ${dataDir}); Ctrl-C stops it`);
const stop = () => void db.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
