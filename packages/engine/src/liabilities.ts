import type { Position } from '@xmargin/core'
import type { PreparedPosition } from './book.js'

/**
 * Whether a position can ever owe someone (issue 19's structural rule): any debt; any perp, long or
 * short (a future is an obligation both ways: its PnL and funding are settled against the
 * venue); a written (short) option. Spot, collateral supply and bought options owe nothing: the
 * worst they can do is lose their own value. (Not the `liability` flag of a prepared position,
 * which marks the liability side of the balance sheet and includes bought options.)
 *
 * @example
 * isLiability(position) // true for a WETH debt, false for 10 WETH in a wallet
 */
export function isLiability(position: Position): boolean {
  const kind = position.kind
  return kind === 'debt' || kind === 'perp' || (kind === 'option' && position.amount < 0n)
}

/**
 * Whether any of `positions` (or, with `members`, any of the positions at those indices) is a
 * liability ({@link isLiability}). A book that holds none requires no margin and is never
 * liquidatable: the `portfolio` model gives it IM = MM = 0. One pass, stopping at the first
 * liability.
 *
 * @example
 * holdsLiability(book.positions) // false for a stablecoin-only wallet
 * holdsLiability(book.positions, [0, 2]) // the bucket of positions 0 and 2
 */
export function holdsLiability(
  positions: readonly PreparedPosition[],
  members: readonly number[] | undefined = undefined,
): boolean {
  if (members === undefined) {
    for (let i = 0; i < positions.length; i++) if (isLiability(positions[i]!.position)) return true
    return false
  }
  for (let j = 0; j < members.length; j++) if (isLiability(positions[members[j]!]!.position)) return true
  return false
}
