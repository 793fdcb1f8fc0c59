import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts', 'support/**/*.test.ts'],
    // Each end-to-end file starts real processes (a clone's install, the devnet, the indexer, the
    // API): one file at a time. The hook budget covers a fresh clone's install and contract compile.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
})
