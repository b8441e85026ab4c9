import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // graphql 16 has no "exports": Node loads its CommonJS build, as Apollo's
    // packages do, while Vite would pick the ESM one. Two copies of graphql
    // cannot share a schema, so tests load the one Node runs in production.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    globalSetup: ['test/globalSetup.ts'],
    // What gateway/src/runGateway.ts sets for its process: tests that build a gateway in theirs want it too.
    env: { APOLLO_TELEMETRY_DISABLED: 'true' },
    // Integration tests start real services on a real database; give them room, but no retries.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
