import { runDatabaseSetup } from '../../../../platform/databaseSetup.js';
import { loadConfig } from '../config.js';
import { setupDatabase } from './setupDatabase.js';

// `npm run db:setup`: the same idempotent setup chillybin runs at start-up, alone, like a migration step.
runDatabaseSetup({
  appName: 'chillybin-setup',
  loadConfig: () => loadConfig(process.env, 'npm run db:setup (chillybin)'),
  setup: setupDatabase,
  describe: (report) => [
    report.seeded ? 'seeded the default stock' : 'stock already present, not seeded',
    report.listsBuilt ? 'listed the orders already stored' : 'orders already listed',
  ],
});
