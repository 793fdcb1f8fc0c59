import { createHash } from 'node:crypto'
import { asc, isNull } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'

export const contentTables = [
  'chains',
  'blocks',
  'syncCursors',
  'assets',
  'prices',
  'poolStates',
  'wallets',
  'accounts',
  'accountWallets',
  'positions',
  'feedRounds',
] as const
export type ContentTable = (typeof contentTables)[number]

export type DumpContentParameters = {
  /** Tables to include; all by default. */
  tables?: readonly ContentTable[] | undefined
  /**
   * Include superseded versions and the version columns (default true). With false, `positions` and
   * `prices` (and `poolStates`) contribute only their current rows without `validFrom`, `validTo` and `blockNumber`: the state,
   * not when it was read; `feedRounds` every round without the block it was read at.
   */
  history?: boolean | undefined
}
export type DumpContentReturnType = Record<string, unknown[][]>

/**
 * Every row of the chosen tables as arrays of values in primary-key order (bigints as decimal strings).
 * Wall-clock columns (`wallets.firstSeenAt`, `accounts.createdAt`) are left out so that two runs compare equal.
 *
 * @example
 * expect(await store.dumpContent()).toEqual(await reference.dumpContent())
 */
export async function dumpContent(
  { q, t }: StoreTx,
  parameters: DumpContentParameters = {},
): Promise<DumpContentReturnType> {
  const {
    accounts,
    accountWallets,
    assets,
    blocks,
    chains,
    feedRounds,
    positions,
    poolStates,
    prices,
    syncCursors,
    wallets,
  } = t
  const { tables = contentTables, history = true } = parameters
  const current = (validTo: typeof positions.validTo | typeof prices.validTo | typeof poolStates.validTo) =>
    history ? undefined : isNull(validTo)
  const readers: Record<ContentTable, () => Promise<unknown[][]>> = {
    chains: async () =>
      (await q.select().from(chains).orderBy(asc(chains.chainId))).map((r) => [
        r.chainId,
        r.name,
        r.finalityDepth,
        r.useFinalizedTag,
      ]),
    blocks: async () =>
      (await q.select().from(blocks).orderBy(asc(blocks.chainId), asc(blocks.number))).map((r) => [
        r.chainId,
        r.number,
        r.hash,
        r.parentHash,
        r.timestamp,
        r.finalized,
      ]),
    syncCursors: async () =>
      (await q.select().from(syncCursors).orderBy(asc(syncCursors.chainId), asc(syncCursors.source))).map(
        (r) => [r.chainId, r.source, r.blockNumber, r.blockHash],
      ),
    assets: async () =>
      (await q.select().from(assets).orderBy(asc(assets.chainId), asc(assets.address))).map((r) => [
        r.chainId,
        r.address,
        r.symbol,
        r.decimals,
        r.factor,
        r.feed,
      ]),
    prices: async () =>
      (
        await q
          .select()
          .from(prices)
          .where(current(prices.validTo))
          .orderBy(asc(prices.chainId), asc(prices.feed), asc(prices.validFrom))
      ).map((r) => {
        const row = [
          r.chainId,
          r.feed,
          r.asset,
          r.value.toString(),
          r.decimals,
          r.updatedAt,
          r.roundId.toString(),
        ]
        return history ? [...row, r.blockNumber, r.validFrom, r.validTo] : row
      }),
    poolStates: async () =>
      (
        await q
          .select()
          .from(poolStates)
          .where(current(poolStates.validTo))
          .orderBy(asc(poolStates.chainId), asc(poolStates.pool), asc(poolStates.validFrom))
      ).map((r) => {
        const row = [
          r.chainId,
          r.pool,
          r.sqrtPriceX96.toString(),
          r.tick,
          r.liquidity.toString(),
          r.fee,
          r.tickSpacing,
          r.ticks,
          r.coveredLower,
          r.coveredUpper,
        ]
        return history ? [...row, r.blockNumber, r.validFrom, r.validTo] : row
      }),
    wallets: async () =>
      (await q.select().from(wallets).orderBy(asc(wallets.address))).map((r) => [
        r.address,
        r.source,
        r.firstSeenChainId,
        r.firstSeenBlock,
      ]),
    accounts: async () => (await q.select().from(accounts).orderBy(asc(accounts.name))).map((r) => [r.name]),
    accountWallets: async () =>
      (
        await q.select().from(accountWallets).orderBy(asc(accountWallets.account), asc(accountWallets.wallet))
      ).map((r) => [r.account, r.wallet]),
    positions: async () =>
      (
        await q
          .select()
          .from(positions)
          .where(current(positions.validTo))
          .orderBy(
            asc(positions.chainId),
            asc(positions.venue),
            asc(positions.wallet),
            asc(positions.kind),
            asc(positions.key),
            asc(positions.validFrom),
          )
      ).map((r) => {
        const row = [r.chainId, r.venue, r.wallet, r.kind, r.key, r.amount.toString(), r.extra, r.engine]
        return history ? [...row, r.blockNumber, r.validFrom, r.validTo] : row
      }),
    feedRounds: async () =>
      (
        await q
          .select()
          .from(feedRounds)
          .orderBy(asc(feedRounds.chainId), asc(feedRounds.feed), asc(feedRounds.roundId))
      ).map((r) => {
        const row = [r.chainId, r.feed, r.roundId.toString(), r.answer.toString(), r.decimals, r.updatedAt]
        return history ? [...row, r.blockNumber] : row
      }),
  }
  const dump: DumpContentReturnType = {}
  for (const table of contentTables) if (tables.includes(table)) dump[table] = await readers[table]()
  return dump
}

export type ContentHashParameters = DumpContentParameters
export type ContentHashReturnType = string

/**
 * SHA-256 (hex) of `dumpContent`: equal hashes mean equal database content, e.g. a database that went
 * through a reorg and one that only ever saw the canonical blocks, or a crashed-and-resumed run and a clean one.
 *
 * @example
 * expect(await store.contentHash()).toBe(await reference.contentHash())
 */
export async function contentHash(
  tx: StoreTx,
  parameters: ContentHashParameters = {},
): Promise<ContentHashReturnType> {
  return createHash('sha256')
    .update(JSON.stringify(await dumpContent(tx, parameters)))
    .digest('hex')
}
