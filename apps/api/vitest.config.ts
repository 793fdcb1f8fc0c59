import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The devnet tests (test/devnet) share one devnet started once for the run.
    globalSetup: ['@xmargin/devnet/vitest/global-setup'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
})
