import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    // Test files run one after another: the devnet project's files share one devnet, so one file's
    // transactions never race another's assertions (each test still reverts its own changes), and
    // the unit files each start anvils of their own.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    projects: [
      // Deploy/seed/read helpers against a bare anvil they start themselves: no devnet needed.
      { extends: true, test: { name: 'unit', include: ['src/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'devnet',
          include: ['test/**/*.test.ts'],
          globalSetup: ['./src/vitest/global-setup.ts'],
        },
      },
    ],
  },
})
