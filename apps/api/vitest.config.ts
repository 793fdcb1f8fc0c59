import { createRequire } from 'node:module'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // One `graphql` instance, as in production: Node loads graphql's CommonJS entry for Pothos and
    // graphql-yoga, while Vite would give this package's sources the ESM one (`module` field), and
    // graphql's `instanceof` checks reject a schema built by the other copy (test/schema-files.test.ts).
    alias: [{ find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') }],
  },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The devnet tests (test/devnet) share one devnet started once for the run.
    globalSetup: ['@xmargin/devnet/vitest/global-setup'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
})
