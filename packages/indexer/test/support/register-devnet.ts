import { finalityOf } from '@xmargin/core'
import type { DevnetManifest } from '@xmargin/devnet'
import type { Store } from '@xmargin/store'

/**
 * Registers the devnet's chains in `store` (finality from each chain's spec) and tracks its demo
 * wallets from "config": what every indexer test, child process and bench over the devnet starts from.
 *
 * @example
 * await registerDevnet(store, manifest)
 */
export async function registerDevnet(store: Store, manifest: DevnetManifest): Promise<void> {
  await store.upsertChains({
    chains: manifest.chains.map((c) => ({ chainId: c.chainId, name: c.name, ...finalityOf(c) })),
  })
  await store.trackWallets({
    wallets: manifest.wallets.map((w) => ({ address: w.address, source: 'config' as const })),
  })
}
