import { main } from '../../../platform/runService.js';
import { startTracing } from '../../../platform/tracing.js';

main(async () => {
  // First, so that the instrumentations patch node:http, undici, graphql and mongodb as they load.
  await startTracing('jafflr', process.env);
  const { runJafflr } = await import('./runJafflr.js');
  await runJafflr();
});
