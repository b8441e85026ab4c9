import { serviceLogger } from '../../../platform/logger.js';
import { connectMongo } from '../../../platform/mongo.js';
import { runService } from '../../../platform/runService.js';
import { serviceVersion } from '../../../platform/version.js';
import { loadConfig } from './config.js';
import { setupDatabase } from './db/setupDatabase.js';
import { createServer } from './server.js';

/** jafflr's process, once tracing is set up (index.ts). */
export async function runJafflr(): Promise<void> {
  const config = loadConfig(process.env);
  const version = serviceVersion(process.env);
  const logger = serviceLogger('jafflr', version, config);
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: config.dbTimeoutMs, appName: 'jafflr' });
  logger.info(await setupDatabase(mongo.db(config.dbName)), 'database set up');
  const { http } = createServer(config, { logger, version, mongo });
  await runService('jafflr', http, { port: config.port, host: config.host, logger });
}
