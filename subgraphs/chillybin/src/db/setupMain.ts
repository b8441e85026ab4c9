import { connectMongo } from '../../../../platform/mongo.js';
import { main } from '../../../../platform/runService.js';
import { loadConfig } from '../config.js';
import { setupDatabase } from './setupDatabase.js';

// `npm run db:setup`: the same idempotent setup chillybin runs at start-up, alone, like a migration step.
main(async () => {
  const config = loadConfig(process.env);
  const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: config.dbTimeoutMs, appName: 'chillybin-setup' });
  try {
    const report = await setupDatabase(mongo.db(config.dbName));
    for (const index of report.created) console.log(`created index ${index}`);
    for (const index of report.unchanged) console.log(`index ${index} already in place`);
    console.log(report.seeded ? 'seeded the default stock' : 'stock already present, not seeded');
  } finally {
    await mongo.close();
  }
});
