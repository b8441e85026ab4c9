import { poolFetch } from './poolFetch.js';

// Our gateway with the prototype fetcher in place of the global fetch that
// gateway/src/server.ts calls, for `npm run bench -- --gateway-entry tools/bench/gatewayWithPoolFetch.ts`.
globalThis.fetch = poolFetch as unknown as typeof fetch;
await import('../../gateway/src/index.js');
