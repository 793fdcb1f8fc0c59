import { existsSync, readFileSync, writeFileSync } from 'node:fs'
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

/**
 * The cached state in `stateDir` if it exists and matches the current sources, else undefined.
 *
 * @example
 * const state = readDevnetState(defaultStateDir) ?? (await buildDevnetState({ stateDir: defaultStateDir }))
 */
export function readDevnetState(stateDir: string): DevnetState | undefined {
  const path = join(stateDir, stateIndex)
  if (!existsSync(path)) return undefined
  const state = JSON.parse(readFileSync(path, 'utf8')) as DevnetState
  if (state.version !== devnetStateVersion()) return undefined
  if (!(state.validUntil > Date.now() / 1000)) return undefined
  if (!state.chains.every((c) => existsSync(join(stateDir, c.stateFile)))) return undefined
  return state
}
