import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { repoRoot } from '../manifest.js'
import { contractSourcesHash } from './compile-contracts.js'

/** Where the built devnet state (anvil dumps + manifest template) is cached. */
export const defaultStateDir = join(repoRoot, '.xmargin', 'devnet-state')

const packageRoot = join(repoRoot, 'packages', 'devnet')

/**
 * A hash of everything that shapes the deployed state: the devnet's TypeScript sources (tests
 * excluded), the compiled artifacts and the installed dependency versions. A changed hash means
 * the cached state is outdated and is rebuilt.
 *
 * @example
 * const version = devnetStateVersion()
 */
export function devnetStateVersion(): string {
  const hash = createHash('sha256')
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts'))
        hash.update(path).update(readFileSync(path))
    }
  }
  walk(join(packageRoot, 'src'))
  hash.update(contractSourcesHash())
  const lockfile = join(repoRoot, 'pnpm-lock.yaml')
  if (existsSync(lockfile)) hash.update(readFileSync(lockfile))
  return hash.digest('hex').slice(0, 16)
}
