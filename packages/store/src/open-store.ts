import { mkdirSync, rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { createPostgresStore } from './create-postgres-store.js'
import { createStore, type Store } from './create-store.js'
import type { Address } from './types.js'

/** Parameters of {@link openStore}. */
export type OpenStoreParameters = (
  | {
      /** SQLite file. */
      path: string
      /** Delete the file (and its WAL) first: `xmargin dev` starts from an empty database each run. */
      fresh?: boolean | undefined
      url?: undefined
    }
  | {
      /** PostgreSQL database URL (the database must exist). */
      url: string
      path?: undefined
      fresh?: undefined
    }
) & {
  /** The chains to register (extra keys, e.g. a whole resolved config chain, are ignored). */
  chains: readonly { chainId: number; name: string; finalityDepth: number; useFinalizedTag: boolean }[]
  wallets?: readonly Address[] | undefined
  accounts?: readonly { name: string; wallets: readonly Address[] }[] | undefined
  /**
   * false: open and migrate only, write nothing (a reader beside the indexer that registers them:
   * `xmargin serve`, `start --role api`). Default true.
   */
  register?: boolean | undefined
}
/** Return type of {@link openStore}. */
export type OpenStoreReturnType = Store

/**
 * Opens (creating the folder) and migrates the SQLite store at `path`, or the PostgreSQL store at `url`, registers the chains and tracks the
 * configured wallets and accounts (source `config`), unless `register` is false. Closes the store again when any of it fails.
 *
 * @example
 * const store = await openStore({ path: '.xmargin/dev.db', chains, wallets, fresh: true })
 */
export async function openStore(parameters: OpenStoreParameters): Promise<OpenStoreReturnType> {
  let store: Store
  if (parameters.url !== undefined) store = await createPostgresStore({ url: parameters.url })
  else {
    const { path } = parameters
    mkdirSync(dirname(path), { recursive: true })
    if (parameters.fresh)
      for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true })
    store = createStore({ path })
  }
  if (parameters.register === false) return store
  try {
    await store.upsertChains({
      chains: parameters.chains.map(({ chainId, name, finalityDepth, useFinalizedTag }) => ({
        chainId,
        name,
        finalityDepth,
        useFinalizedTag,
      })),
    })
    const wallets = parameters.wallets ?? []
    if (wallets.length > 0)
      await store.trackWallets({
        wallets: wallets.map((address) => ({ address, source: 'config' as const })),
      })
    for (const account of parameters.accounts ?? [])
      await store.setAccount({ name: account.name, wallets: account.wallets, source: 'config' })
    return store
  } catch (error) {
    await store.close()
    throw error
  }
}
