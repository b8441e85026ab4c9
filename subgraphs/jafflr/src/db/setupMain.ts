import { connectMongo } from '../../../../platform/mongo.js';
import { main } from '../../../../platform/runService.js';
import { loadConfig } from '../config.js';
import { setupDatabase } from './setupDatabase.js';

// `npm run db:setup` (after chillybin's): the same idempotent setup jafflr runs at start-up, alone.
main(async () => {
  const config = loadConfig(process.env);
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: config.dbTimeoutMs, appName: 'jafflr-setup' });
  try {
    const report = await setupDatabase(mongo.db(config.dbName));
    for (const index of report.created) console.log(`created index ${index}`);
    for (const index of report.unchanged) console.log(`index ${index} already in place`);
  } finally {
    await mongo.close();
  }
});
