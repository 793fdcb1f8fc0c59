import { asc, eq, inArray } from 'drizzle-orm'
import type { SqliteDatabase, SqliteExecutor } from '../dialect/sqlite/open-database.js'
import { wallets } from '../dialect/sqlite/schema.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Address, TrackedWallet, WalletSource } from '../types.js'

export type TrackWalletsParameters = {
  wallets: readonly {
    address: Address
    source: WalletSource
    /** Unix ms; defaults to the store clock. */
    firstSeenAt?: number | undefined
    firstSeenChainId?: number | undefined
    firstSeenBlock?: number | undefined
  }[]
}
export type TrackWalletsReturnType = { added: Address[] }

/**
 * Starts tracking wallets. A wallet already tracked keeps its first source and first-seen data.
 * (Wallets discovered from events are better passed to `commitBlock({ discoveredWallets })`.)
 *
 * @example
 * await store.trackWallets({ wallets: [{ address: '0xabc…', source: 'config' }] })
 */
export function trackWallets(
  db: SqliteDatabase,
  parameters: TrackWalletsParameters,
  now: () => number,
): TrackWalletsReturnType {
  return db.transaction(
    (tx) => {
      const added: Address[] = []
      for (const wallet of parameters.wallets) {
        const result = tx
          .insert(wallets)
          .values({
            address: lower(wallet.address),
            source: wallet.source,
            firstSeenAt: wallet.firstSeenAt ?? now(),
            firstSeenChainId: wallet.firstSeenChainId ?? null,
            firstSeenBlock: wallet.firstSeenBlock ?? null,
          })
          .onConflictDoNothing()
          .run()
        if (result.changes > 0) added.push(lower(wallet.address))
      }
      return { added }
    },
    { behavior: 'immediate' },
  )
}

export type UntrackWalletParameters = { address: Address }
export type UntrackWalletReturnType = { removed: boolean }

/**
 * Stops tracking a wallet that belongs to no account (its stored positions stay until re-read or deleted).
 *
 * @example
 * await store.untrackWallet({ address: '0xabc…' })
 */
export function untrackWallet(
  db: SqliteDatabase,
  parameters: UntrackWalletParameters,
): UntrackWalletReturnType {
  const result = db
    .delete(wallets)
    .where(eq(wallets.address, lower(parameters.address)))
    .run()
  return { removed: result.changes > 0 }
}

export type GetTrackedWalletsParameters = {
  /** Only these addresses (a DataLoader batch). */
  addresses?: readonly Address[] | undefined
  sources?: readonly WalletSource[] | undefined
}
export type GetTrackedWalletsReturnType = TrackedWallet[]

/**
 * Tracked wallets ordered by address.
 *
 * @example
 * const discovered = await store.getTrackedWallets({ sources: ['discovered'] })
 */
export function getTrackedWallets(
  db: SqliteExecutor,
  parameters: GetTrackedWalletsParameters = {},
): GetTrackedWalletsReturnType {
  const sourceFilter = parameters.sources ? inArray(wallets.source, [...parameters.sources]) : undefined
  const query = (addresses: string[] | undefined) =>
    db
      .select()
      .from(wallets)
      .where(addresses ? inArray(wallets.address, addresses) : sourceFilter)
      .orderBy(asc(wallets.address))
      .all()
  const rows = parameters.addresses
    ? chunk([...new Set(parameters.addresses.map(lower))])
        .flatMap((part) => query(part))
        .filter((row) => !parameters.sources || parameters.sources.includes(row.source))
        .sort((a, b) => (a.address < b.address ? -1 : 1))
    : query(undefined)
  return rows.map((row) => ({ ...row, address: row.address as Address }))
}
