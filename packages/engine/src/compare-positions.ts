import type { Position } from '@xmargin/core'
import { compareText } from './sort-in-place.js'

function canonical(position: Position): string {
  return JSON.stringify(position, (_, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )
}

/**
 * Total order on positions used everywhere: the engine's output never depends on input order.
 *
 * @example
 * sortInPlace([...positions], comparePositions)
 */
export function comparePositions(a: Position, b: Position): number {
  return (
    compareText(a.id, b.id) ||
    a.chainId - b.chainId ||
    compareText(a.venue, b.venue) ||
    compareText(a.wallet.toLowerCase(), b.wallet.toLowerCase()) ||
    compareText(a.kind, b.kind) ||
    compareText(a.asset, b.asset) ||
    (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0) ||
    compareText(canonical(a), canonical(b))
  )
}
