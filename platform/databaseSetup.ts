import type { Db } from 'mongodb';
import type { DatabaseConfig } from './config.js';
import { connectMongo, type IndexReport } from './mongo.js';
import { main } from './runService.js';

/**
 * A service's `db:setup` entry point: runs the same idempotent setup the
 * service runs at start-up, alone (a migration step), and prints what it did.
 */
export function runDatabaseSetup<Report extends IndexReport>({
  appName,
  loadConfig,
  setup,
  describe = () => [],
}: {
  appName: string;
  /** Read inside the run, so that a bad setting ends it with a clear message, as a service's start does. */
  loadConfig: () => DatabaseConfig;
  setup: (db: Db) => Promise<Report>;
  /** Further lines about what the setup did besides indexes. */
  describe?: (report: Report) => string[];
}): void {
  main(async () => {
    const config = loadConfig();
    const mongo = await connectMongo({ uri: config.mongodbUri, timeoutMs: config.dbTimeoutMs, appName });
    try {
      const report = await setup(mongo.db(config.dbName));
      for (const index of report.created) console.log(`created index ${index}`);
      for (const index of report.unchanged) console.log(`index ${index} already in place`);
      for (const line of describe(report)) console.log(line);
    } finally {
      await mongo.close();
    }
  });
}
