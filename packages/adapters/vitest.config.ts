import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['@xmargin/devnet/vitest/global-setup'],
    // Test files share one devnet; each test reverts its own transactions, files run one by one.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
