import { type Store, storeOn } from './create-store.js'
import { createPostgresExecutor } from './dialect/postgres/open-database.js'

export type CreatePostgresStoreParameters = {
  /** `postgres://user:password@host:port/database` (the database must exist; the store creates its tables). */
  url: string
  /** Connections in the pool. Default 10. */
  poolSize?: number | undefined
  /**
   * Clock for wall-clock columns (first-seen, created-at), unix ms. Default `Date.now`. Writer locks do not
   * use it: their heartbeats and expiry are the server's clock, which every host sees alike.
   */
  now?: (() => number) | undefined
  /**
   * How often `watchBlocks` reads the tips while a watch is open, ms, should its listening connection
   * (`LISTEN`, used instead of polling) fail. Default 500.
   */
  watchIntervalMs?: number | undefined
}

/**
 * Connects to a PostgreSQL database, applies pending migrations (`drizzle-postgres/`) and returns the
 * same store as `createStore` does on SQLite. Any number of processes may use one database at once:
 * writes are serialised by the database, reads run on consistent snapshots.
 *
 * @example
 * const store = await createPostgresStore({ url: 'postgres://xmargin@localhost:5432/xmargin' })
 * await store.upsertChains({ chains: [{ chainId: 1, name: 'mainnet', finalityDepth: 65, useFinalizedTag: true }] })
 */
export async function createPostgresStore(parameters: CreatePostgresStoreParameters): Promise<Store> {
  return storeOn(await createPostgresExecutor(parameters), parameters)
}
