import {
  type Position as CorePosition,
  type Price as CorePrice,
  feedSourceId,
  type Volatility,
} from '@xmargin/core'
import type { StoredPosition, StoredPrice } from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import type { RequestLoaders } from './request-loaders.js'

/** The engine inputs for a set of wallets, with the problems met while mapping stored rows. */
export type Book = {
  positions: CorePosition[]
  prices: readonly CorePrice[]
  /** Implied vols from the chains' volatility feeds, per (underlying, expiry), with their feed time. */
  volatilities: readonly Volatility[]
  /** Stored rows the API could not turn into engine positions: each makes the report UNKNOWN. */
  issues: string[]
}

/** Parameters of {@link loadBook}. */
export type LoadBookParameters = {
  loaders: RequestLoaders
  chains: ReadonlyMap<number, ApiChain>
  /** Lowercased, de-duplicated wallet addresses. */
  wallets: readonly string[]
  /** Risk-parameter asset symbols; a position on another asset cannot be margined (UNKNOWN). */
  knownAssets: ReadonlySet<string>
}
/** Return type of {@link loadBook}. */
export type LoadBookReturnType = Book

const corePriceCache = new WeakMap<
  readonly StoredPrice[],
  { prices: readonly CorePrice[]; volatilities: readonly Volatility[] }
>()

/** Parameters of {@link loadBooks}: `groups` instead of `wallets`, one book per group. */
export type LoadBooksParameters = Omit<LoadBookParameters, 'wallets'> & {
  /** Each group's lowercased, de-duplicated wallet addresses. */
  groups: readonly (readonly string[])[]
}

/**
 * Loads a wallet set's positions (batched through the request's DataLoader) with the engine
 * positions the indexer stored beside them, and the request's feed answers mapped to prices with
 * each feed's assets and the chains' volatility feeds: the database alone, no RPC.
 *
 * @example
 * const book = await loadBook({ loaders, chains, wallets: ['0xabc…'], knownAssets })
 * computeMargin({ positions: book.positions, prices: book.prices, now })
 */
export async function loadBook(parameters: LoadBookParameters): Promise<LoadBookReturnType> {
  const { wallets, ...rest } = parameters
  const [book] = await loadBooks({ ...rest, groups: [wallets] })
  return book!
}

/**
 * One book per group of wallets (in the order of `groups`), read like {@link loadBook} in one
 * batch: every group's positions in one DataLoader call, the prices mapped once and shared by the
 * books (batch solvency: 1,000 groups of one wallet each).
 *
 * @example
 * const [alice, bob] = await loadBooks({ loaders, chains, groups: [['0xabc…'], ['0xdef…']], knownAssets })
 */
export async function loadBooks(parameters: LoadBooksParameters): Promise<LoadBookReturnType[]> {
  const { loaders, chains, groups, knownAssets } = parameters
  const [rows, storedPrices] = await Promise.all([
    loaders.positions.loadMany(groups.flat()),
    loaders.prices(),
  ])
  const market = marketOf(chains, storedPrices)
  const books: Book[] = []
  for (let at = 0, i = 0; i < groups.length; at += groups[i]!.length, i++)
    books.push(toBook(rows.slice(at, at + groups[i]!.length), market, knownAssets))
  return books
}

/** The engine prices and vols of the request's feed answers, mapped once per answer set. */
function marketOf(
  chains: ReadonlyMap<number, ApiChain>,
  storedPrices: readonly StoredPrice[],
): { prices: readonly CorePrice[]; volatilities: readonly Volatility[] } {
  let market = corePriceCache.get(storedPrices)
  if (!market) {
    // Frozen, like the stored rows they come from: shared by every request of this answer set, and
    // kept by key in the engine's workers (see KeptInputKeys).
    market = {
      prices: freezeList(toCorePrices(chains, storedPrices)),
      volatilities: freezeList(toCoreVolatilities(chains, storedPrices)),
    }
    corePriceCache.set(storedPrices, market)
  }
  return market
}

function freezeList<T extends object>(values: T[]): readonly T[] {
  for (const value of values) Object.freeze(value)
  return Object.freeze(values)
}

/** A book from wallets' stored rows (a DataLoader answer each) and the request's market. */
function toBook(
  rows: readonly (readonly StoredPosition[] | Error)[],
  market: { prices: readonly CorePrice[]; volatilities: readonly Volatility[] },
  knownAssets: ReadonlySet<string>,
): Book {
  const positions: CorePosition[] = []
  const issues: string[] = []
  for (const result of rows) {
    if (result instanceof Error) throw result
    for (const row of result) {
      const mapped = toCorePosition(row)
      if (typeof mapped === 'string') issues.push(mapped)
      else if (!knownAssets.has(mapped.asset)) issues.push(`unknown-asset:${mapped.asset}@${row.chainId}`)
      else positions.push(mapped)
    }
  }
  return { positions, ...market, issues }
}

/**
 * The engine position the indexer stored with a row, or the issue that makes the report UNKNOWN: a
 * row the venue could not convert (or written before positions kept one; the indexer's next block
 * rewrites it) is `unmapped-position:…`.
 */
function toCorePosition(row: StoredPosition): CorePosition | string {
  return row.engine ?? `unmapped-position:${row.chainId}:${row.venue}:${row.kind}:${row.key}`
}

/**
 * Maps stored feed answers to engine prices: the assets a feed config names, else the symbol of the
 * token the feed prices, plus the chain's price aliases (the native coin priced by its wrapped token).
 *
 * @example
 * toCorePrices(chains, await store.getLatestPrices()) // [{ asset: 'WETH', chainId: 1, value: 3000_00000000n, … }]
 */
export function toCorePrices(
  chains: ReadonlyMap<number, ApiChain>,
  rows: readonly StoredPrice[],
): CorePrice[] {
  const prices: CorePrice[] = []
  for (const row of rows) {
    const chain = chains.get(row.chainId)
    if (!chain || row.value <= 0n) continue
    const feed = chain.feeds?.find((f) => f.feed.toLowerCase() === row.feed)
    const symbols = new Set(feed ? feed.assets : [])
    const token = row.asset ? chain.assets?.get(row.asset.toLowerCase()) : undefined
    if (!feed && token) symbols.add(token.symbol)
    for (const [alias, target] of Object.entries(chain.priceAliases ?? {}))
      if (symbols.has(target)) symbols.add(alias)
    for (const asset of symbols) {
      prices.push({
        asset,
        chainId: row.chainId,
        value: row.value,
        decimals: row.decimals,
        updatedAt: row.updatedAt,
        source: feed?.source ?? feedSourceId(row.feed),
        heartbeatSeconds: feed?.heartbeatSeconds ?? token?.heartbeatSeconds,
      })
    }
  }
  return prices
}

/**
 * Maps the stored answers of the chains' implied-volatility feeds to engine vols: one per
 * (underlying, expiry) and chain, the answer scaled by its decimals, with the feed's `updatedAt`
 * and source so the engine applies the price-age rule to it. A non-positive answer is left out
 * (the option's report is then UNKNOWN with `missing-volatility`).
 *
 * @example
 * toCoreVolatilities(chains, await store.getLatestPrices()) // [{ asset: 'ETH', expiry: 1799049600, value: 0.6, … }]
 */
export function toCoreVolatilities(
  chains: ReadonlyMap<number, ApiChain>,
  rows: readonly StoredPrice[],
): Volatility[] {
  const volatilities: Volatility[] = []
  for (const row of rows) {
    const feed = chains.get(row.chainId)?.volatilityFeeds?.find((f) => f.feed.toLowerCase() === row.feed)
    if (!feed || row.value <= 0n) continue
    volatilities.push({
      asset: feed.asset,
      expiry: feed.expiry,
      value: Number(row.value) / 10 ** row.decimals,
      updatedAt: row.updatedAt,
      source: feed.source ?? feedSourceId(row.feed),
      heartbeatSeconds: feed.heartbeatSeconds,
    })
  }
  return volatilities
}
