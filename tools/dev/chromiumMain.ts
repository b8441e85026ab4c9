import { main } from '../../platform/runService.js';
import { ensureChromium } from './chromium.js';

// `npm run chromium`: makes sure the browser tests have a Chromium, installing Debian's when root.
main(async () => {
  console.log(`chromium: ${await ensureChromium()}`);
});
