import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**'],
    globalSetup: ['test/globalSetup.ts'],
    // Integration tests start real services on a real database; give them room, but no retries.
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
