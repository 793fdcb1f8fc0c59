import { asc, eq, inArray } from 'drizzle-orm'
import type { StoreExecutor, StoreTx } from '../dialect/executor.js'
import { inList, listValue } from '../dialect/prepared.js'
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
  db: StoreExecutor,
  parameters: TrackWalletsParameters,
  now: () => number,
): Promise<TrackWalletsReturnType> {
  return db.write(async ({ q, t: { wallets } }) => {
    const added: Address[] = []
    for (const wallet of parameters.wallets) {
      const result = await q
        .insert(wallets)
        .values({
          address: lower(wallet.address),
          source: wallet.source,
          firstSeenAt: wallet.firstSeenAt ?? now(),
          firstSeenChainId: wallet.firstSeenChainId ?? null,
          firstSeenBlock: wallet.firstSeenBlock ?? null,
        })
        .onConflictDoNothing()
        .returning({ address: wallets.address })
      if (result.length > 0) added.push(lower(wallet.address))
    }
    return { added }
  })
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
  db: StoreExecutor,
  parameters: UntrackWalletParameters,
): Promise<UntrackWalletReturnType> {
  return db.write(async ({ q, t: { wallets } }) => {
    const result = await q
      .delete(wallets)
      .where(eq(wallets.address, lower(parameters.address)))
      .returning({ address: wallets.address })
    return { removed: result.length > 0 }
  })
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
export async function getTrackedWallets(
  { q, dialect, prepared, t: { wallets } }: StoreTx,
  parameters: GetTrackedWalletsParameters = {},
): Promise<GetTrackedWalletsReturnType> {
  const sourceFilter = parameters.sources ? inArray(wallets.source, [...parameters.sources]) : undefined
  let rows: (typeof wallets.$inferSelect)[]
  if (parameters.addresses) {
    // Per request (the API checks a request's wallets are tracked): one prepared read, the list one parameter.
    rows = []
    for (const part of chunk([...new Set(parameters.addresses.map(lower))]))
      rows.push(
        ...(await prepared('tracked-wallets', (q) =>
          q
            .select()
            .from(wallets)
            .where(inList(dialect, wallets.address, 'wallets'))
            .orderBy(asc(wallets.address)),
        ).execute({ wallets: listValue(dialect, part) })),
      )
    rows = rows
      .filter((row) => !parameters.sources || parameters.sources.includes(row.source))
      .sort((a, b) => (a.address < b.address ? -1 : 1))
  } else rows = await q.select().from(wallets).where(sourceFilter).orderBy(asc(wallets.address))
  return rows.map((row) => ({ ...row, address: row.address as Address }))
}
