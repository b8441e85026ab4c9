import { main } from '../../../platform/runService.js';
import { startTracing } from '../../../platform/tracing.js';

main(async () => {
  // First, so that the instrumentations patch node:http, undici, graphql and mongodb as they load.
  await startTracing('chillybin', process.env);
  const { runChillybin } = await import('./runChillybin.js');
  await runChillybin();
});
