import { defineConfig } from 'vitest/config';

/** Browser tests: the real app in Debian's Chromium through playwright-core (`npm run test:browser`). */
export default defineConfig({
  test: {
    include: ['tests/browser/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['backend/src/testing/db-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
