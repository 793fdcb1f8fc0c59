import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The CLI tests start real processes (devnet, indexer, API); one file at a time.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
