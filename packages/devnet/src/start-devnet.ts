import { join } from 'node:path'
import type { ChainFinality } from '@xmargin/core'
import { refreshFeeds } from './actions/refresh-feeds.js'
import { buildDevnetState } from './build/build-state.js'
import { readDevnetState } from './build/devnet-state.js'
import { defaultStateDir } from './build/state-dir.js'
import { type AnvilInstance, startAnvil } from './chain/start-anvil.js'
import { type DevnetManifest, manifestFeeds } from './manifest.js'
import { seedCascadeWallets } from './seed/cascade-wallets.js'

/**
 * How the devnet's chains become final, written into each chain of its manifest: anvil has no real
 * finality and serves no meaningful `finalized` tag, so a 10-block depth, which keeps reorg tests
 * meaningful.
 */
export const devnetChainFinality: ChainFinality = { finalityDepth: 10, useFinalizedTag: false }

export type StartDevnetParameters = {
  /**
   * Port per chain id (0: the OS picks one as anvil binds; the manifest's `rpcUrl` has the real port);
   * `'free'` is 0 for every chain (what tests use). Defaults to 8545, 8546, 8547.
   */
  ports?: Record<number, number> | 'free'
  stateDir?: string
  /** Seconds between blocks; omitted means one block per transaction (tests). */
  blockTime?: number
  /** Also open the cascade wallets (see `seedCascadeWallets`); off by default. */
  cascadeWallets?: boolean
  log?: (message: string) => void
}

export type Devnet = {
  manifest: DevnetManifest
  anvils: AnvilInstance[]
  /** Stops every anvil and resolves when all have exited. */
  stop: () => Promise<void>
}

/**
 * Starts the devnet: loads the cached deployed state (building it first when missing or
 * outdated), starts one anvil per chain, and stamps every feed with a fresh round so prices are
 * current rather than as old as the cache.
 *
 * @example
 * const devnet = await startDevnet({ ports: 'free' })
 * console.log(devnet.manifest.chains[0].rpcUrl)
 * await devnet.stop()
 */
export async function startDevnet(parameters: StartDevnetParameters = {}): Promise<Devnet> {
  const { ports, stateDir = defaultStateDir, blockTime, cascadeWallets = false, log = () => {} } = parameters
  const state = readDevnetState(stateDir) ?? (await buildDevnetState({ stateDir, log }))
  const anvils: AnvilInstance[] = []
  const stop = async () => {
    await Promise.all(anvils.map((a) => a.stop()))
  }
  try {
    const chains = await Promise.all(
      state.chains.map(async ({ stateFile, defaultPort, ...chain }) => {
        const port = ports === 'free' ? 0 : (ports?.[chain.chainId] ?? defaultPort)
        const anvil = await startAnvil({
          chainId: chain.chainId,
          port,
          loadStatePath: join(state.dir, stateFile),
          blockTime,
          log,
        })
        anvils.push(anvil)
        await refreshFeeds(anvil.rpcUrl, chain.chainId, manifestFeeds(chain))
        return { ...chain, rpcUrl: anvil.rpcUrl, finality: devnetChainFinality }
      }),
    )
    const manifest: DevnetManifest = { chains, wallets: state.wallets }
    if (cascadeWallets) {
      const started = performance.now()
      manifest.cascadeWallets = await seedCascadeWallets(manifest)
      log(
        `devnet: opened ${manifest.cascadeWallets.length} cascade wallets in ${((performance.now() - started) / 1000).toFixed(1)} s`,
      )
    }
    if (blockTime) manifest.blockTimeSeconds = blockTime
    return { manifest, anvils, stop }
  } catch (error) {
    await stop()
    throw error
  }
}
