import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { ManifestChain, ManifestWallet } from '../manifest.js'
import { devnetStateVersion } from './state-dir.js'

/** The cached result of a cold build: per chain its anvil state file and contracts, the wallets. */
export type DevnetState = {
  version: string
  /** Unix seconds after which the state is rebuilt (see `STATE_MAX_AGE_SECONDS`). */
  validUntil: number
  chains: (Omit<ManifestChain, 'rpcUrl'> & { stateFile: string; defaultPort: number })[]
  wallets: ManifestWallet[]
}

const stateIndex = 'state.json'

/**
 * How long a built state is used. Chains loaded from it run on wall-clock time, so its seeded
 * options move towards expiry (the nearest is 30 days out) and Aave interest accrues; after a week
 * the next start rebuilds it, which keeps at least 23 days to expiry and seed-like balances.
 */
export const STATE_MAX_AGE_SECONDS = 7 * 86_400

export function writeDevnetState(stateDir: string, state: DevnetState): void {
  writeFileSync(join(stateDir, stateIndex), `${JSON.stringify(state, null, 2)}\n`)
}

/** A state as installed: `dir` holds its chain dumps. */
export type InstalledDevnetState = DevnetState & { dir: string }

/** Unused states older than this are pruned (a starting devnet reads its dumps within seconds). */
const PRUNE_AFTER_MS = 10 * 60_000

/**
 * The newest usable state under `stateDir`: built from the current sources, not expired, complete.
 * States live in `<stateDir>/<version>-<validUntil>/`, so a rebuild never touches a state that
 * another process may be loading.
 *
 * @example
 * const state = readDevnetState(defaultStateDir) ?? (await buildDevnetState({ stateDir: defaultStateDir }))
 */
export function readDevnetState(stateDir: string): InstalledDevnetState | undefined {
  if (!existsSync(stateDir)) return undefined
  const version = devnetStateVersion()
  const candidates = readdirSync(stateDir)
    .filter((name) => name.startsWith(`${version}-`))
    .sort()
    .reverse()
  for (const name of candidates) {
    const dir = join(stateDir, name)
    const path = join(dir, stateIndex)
    if (!existsSync(path)) continue
    const state = JSON.parse(readFileSync(path, 'utf8')) as DevnetState
    if (state.version !== version || !(state.validUntil > Date.now() / 1000)) continue
    if (!state.chains.every((c) => existsSync(join(dir, c.stateFile)))) continue
    return { ...state, dir }
  }
  return undefined
}

/**
 * Renames a finished build folder into `<stateDir>/<version>-<validUntil>` and prunes states that
 * are outdated or expired and have not been touched for ten minutes.
 *
 * @example
 * const installed = installDevnetState(stateDir, workDir, state)
 */
export function installDevnetState(
  stateDir: string,
  workDir: string,
  state: DevnetState,
): InstalledDevnetState {
  const dir = join(stateDir, `${state.version}-${state.validUntil}`)
  try {
    renameSync(workDir, dir)
  } catch {
    // The same version was installed by another process in the same second: use theirs.
    rmSync(workDir, { recursive: true, force: true })
  }
  for (const name of readdirSync(stateDir)) {
    const path = join(stateDir, name)
    if (path === dir || name.startsWith('.build-')) continue
    const [version, validUntil] = name.split('-')
    const current = version === state.version && Number(validUntil) > Date.now() / 1000
    if (!current && Date.now() - statSync(path).mtimeMs > PRUNE_AFTER_MS)
      rmSync(path, { recursive: true, force: true })
  }
  return { ...state, dir }
}
