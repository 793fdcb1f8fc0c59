import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The browser test starts `xmargin dev` (devnet, indexer, API) and Chromium.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
})
