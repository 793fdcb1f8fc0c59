import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['./src/vitest/global-setup.ts'],
    // Test files share one devnet; run them one after another so one file's transactions never
    // race another's assertions (each test still reverts its own changes).
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
})
