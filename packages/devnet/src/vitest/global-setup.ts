import type { TestProject } from 'vitest/node'
import { startDevnet } from '../start-devnet.js'

import './provided-context.js'

/**
 * Vitest global setup: starts the devnet on free ports (never clashing with a running
 * `pnpm devnet`), provides its manifest to tests as `inject('devnetManifest')`, and stops every
 * anvil at the end. Use it from a package's vitest config:
 *
 * @example
 * // vitest.config.ts
 * export default defineConfig({ test: { globalSetup: ['@xmargin/devnet/vitest/global-setup'] } })
 */
export default async function setup(project: TestProject) {
  const devnet = await startDevnet({ ports: 'free' })
  project.provide('devnetManifest', devnet.manifest)
  return async () => {
    await devnet.stop()
  }
}
