import { main } from '../platform/runService.js';
import { buildWeb, webDist } from './build.js';

// `npm run build:web`: the kiosk and GraphiQL, bundled into web/dist for the gateway to serve, with the favicon and the docs.
main(async () => {
  const started = Date.now();
  await buildWeb();
  console.log(`built the kiosk, GraphiQL and the docs into ${webDist} in ${Date.now() - started} ms`);
});
