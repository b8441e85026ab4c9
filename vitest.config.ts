import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // graphql 16 ships a CommonJS and an ES build. Node (and so every dependency here) loads
    // the CommonJS one; tests must too, or schemas cross "another module or realm".
    alias: [{ find: /^graphql$/, replacement: fileURLToPath(import.meta.resolve('graphql')) }],
  },
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    globalSetup: ['test/globalSetup.ts'],
    // Integration tests start real services on a real database; give them room, but no retries.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
