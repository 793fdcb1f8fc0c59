import type { ChainId } from '@xmargin/core'
import type { PreparedBook, PreparedPosition } from '../book.js'
import { toAssetsUp } from '../venues/morpho-blue-math.js'
import type { VenueAccount } from '../venues/venue-rule.js'
import { withAmount } from './cascade-book.js'

/** A Morpho Blue market's borrow totals, which every liquidation in it moves. */
export type MorphoTotals = { totalBorrowAssets: bigint; totalBorrowShares: bigint }

/**
 * The key of a Morpho Blue market in a cascade: chain and market id.
 *
 * @example
 * morphoMarketKey(8453, '0xab…') // '8453|0xab…'
 */
export function morphoMarketKey(chainId: ChainId, market: string): string {
  return `${chainId}|${market}`
}

/** A position carrying Morpho shares, with the market's totals replaced and its debt re-valued. */
function withTotals(p: PreparedPosition, totals: MorphoTotals, rate: number): PreparedPosition {
  const position = p.position
  if ((position.kind !== 'supply' && position.kind !== 'debt') || position.morpho?.borrowShares === undefined)
    return p
  const context = { ...position.morpho, ...totals }
  const borrowShares = position.morpho.borrowShares
  const moved =
    position.kind === 'debt'
      ? withAmount(p, toAssetsUp(borrowShares, totals.totalBorrowAssets, totals.totalBorrowShares), rate)
      : p
  return { ...moved, position: { ...moved.position, morpho: context } as typeof position }
}

/**
 * An account of a Morpho Blue market as the next call in it sees it: the market's totals as the
 * previous liquidation left them (on chain, calls of one round run one after another, and each
 * one's share rounding moves the share price the next converts at). Positions without shares (the
 * account taken as the market's only borrower) are left as they are.
 *
 * @example
 * const subject = withMorphoTotals(account, totals.get(morphoMarketKey(account.chainId, account.market!))!, book.rate)
 */
export function withMorphoTotals(account: VenueAccount, totals: MorphoTotals, rate: number): VenueAccount {
  return { ...account, positions: account.positions.map((p) => withTotals(p, totals, rate)) }
}

/**
 * The book with every Morpho Blue position of the given markets carrying the totals the round's
 * liquidations left, and each debt re-valued at them (the book itself when none moved).
 *
 * @example
 * book = refreshMorphoTotals(book, totals)
 */
export function refreshMorphoTotals(
  book: PreparedBook,
  totals: ReadonlyMap<string, MorphoTotals>,
): PreparedBook {
  if (totals.size === 0) return book
  return {
    ...book,
    positions: book.positions.map((p) => {
      const position = p.position
      if (position.kind !== 'supply' && position.kind !== 'debt') return p
      const market = position.morpho?.market
      const moved = market === undefined ? undefined : totals.get(morphoMarketKey(position.chainId, market))
      return moved ? withTotals(p, moved, book.rate) : p
    }),
  }
}
