import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { createStore, type Store } from '@xmargin/store'
import type { Address } from 'viem'

/** Parameters of {@link openStore}. */
export type OpenStoreParameters = {
  path: string
  chains: readonly { chainId: number; name: string; finalityDepth: number; useFinalizedTag: boolean }[]
  wallets?: readonly Address[] | undefined
  accounts?: readonly { name: string; wallets: readonly Address[] }[] | undefined
  /** Delete the file (and its WAL) first: `xmargin dev` starts from an empty database each run. */
  fresh?: boolean | undefined
}
/** Return type of {@link openStore}. */
export type OpenStoreReturnType = Store

/**
 * Opens (creating the folder) the SQLite store, registers the chains and tracks the configured
 * wallets and accounts (source `config`).
 *
 * @example
 * const store = await openStore({ path: '.xmargin/dev.db', chains, wallets, fresh: true })
 */
export async function openStore(parameters: OpenStoreParameters): Promise<OpenStoreReturnType> {
  const { path } = parameters
  mkdirSync(dirname(path), { recursive: true })
  if (parameters.fresh) for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
  const store = createStore({ path })
  try {
    await store.upsertChains({ chains: parameters.chains })
    const wallets = parameters.wallets ?? []
    if (wallets.length > 0)
      await store.trackWallets({
        wallets: wallets.map((address) => ({ address, source: 'config' as const })),
      })
    for (const account of parameters.accounts ?? [])
      await store.setAccount({ name: account.name, wallets: account.wallets, source: 'config' })
    return store
  } catch (error) {
    store.close()
    throw error
  }
}
