import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    // One embedded PostgreSQL server for the run; each PostgreSQL test creates its own database.
    globalSetup: ['./src/testing/postgres-global-setup.ts'],
  },
})
