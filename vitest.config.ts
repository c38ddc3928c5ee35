import { defineConfig } from 'vitest/config';

/**
 * One Vitest run for the shared contracts, the backend and the cross-workspace flows. The sidebars'
 * browser tests run separately (Playwright). Database tests run on PGlite by default and on PostgreSQL
 * under `npm run test:pg`; the global setup prepares the PGlite template once per run.
 */
export default defineConfig({
  test: {
    include: [
      'shared/src/**/*.test.ts',
      'backend/src/**/*.test.ts',
      'tests/**/*.test.ts',
      // The sidebar's unit tests pick jsdom per file (`// @vitest-environment jsdom`).
      'zendesk-app/src/**/*.test.{ts,tsx}',
    ],
    exclude: ['tests/browser/**', '**/node_modules/**', '**/dist/**'],
    environment: 'node',
    globalSetup: ['backend/src/testing/db-global-setup.ts'],
    testTimeout: 30_000,
    // Opening a cloned PGlite or a PostgreSQL schema happens in beforeAll.
    hookTimeout: 30_000,
    // Child processes: PGlite's WASM heap per file is reclaimed when the fork exits.
    pool: 'forks',
  },
});
