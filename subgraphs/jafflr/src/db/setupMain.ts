import { runDatabaseSetup } from '../../../../platform/databaseSetup.js';
import { loadConfig } from '../config.js';
import { setupDatabase } from './setupDatabase.js';

// `npm run db:setup` (after chillybin's): the same idempotent setup jafflr runs at start-up, alone.
runDatabaseSetup({
  appName: 'jafflr-setup',
  loadConfig: () => loadConfig(process.env, 'npm run db:setup (jafflr)'),
  setup: setupDatabase,
  describe: (report) => [
    report.listBuilt ? 'listed the recent toasties already stored' : 'recent toasties already listed',
  ],
});
