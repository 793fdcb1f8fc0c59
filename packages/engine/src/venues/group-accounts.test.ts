import { defaultRiskParameters, type Position } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import type { PreparedPosition } from '../book.js'
import { prepareInputs } from '../prepare-inputs.js'
import { NOW, PRICES, perp } from '../testing/fixtures.js'
import { groupAccounts } from './venue-rule.js'

function prepared(positions: Position[]): readonly PreparedPosition[] {
  return prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW }).book.positions
}

/** The grouping as a key per position would make it: (chain, venue, lower-case wallet, market ?? ''). */
function byKey(positions: readonly PreparedPosition[], marketOf: (p: PreparedPosition) => string | null) {
  const groups = new Map<string, string[]>()
  for (const p of positions) {
    const { chainId, venue, wallet } = p.position
    const key = JSON.stringify([chainId, venue, wallet.toLowerCase(), marketOf(p) ?? ''])
    groups.set(key, [...(groups.get(key) ?? []), p.position.id])
  }
  return [...groups.values()]
}

const wallet = (w: number, upper = false) => {
  const hex = `0x${w.toString(16).padStart(40, 'a')}`
  return (upper ? hex.toUpperCase().replace('0X', '0x') : hex) as `0x${string}`
}

describe('groupAccounts', () => {
  it('groups by chain, venue, wallet in any case and market, in book order, with few accounts or many', () => {
    for (const wallets of [3, 30]) {
      const positions: Position[] = []
      for (let i = 0; i < 4 * wallets; i++) {
        const w = i % wallets
        positions.push(
          perp('ETH', 1 + i, 3000, {
            id: `p${String(i).padStart(3, '0')}`,
            wallet: wallet(w, i % 3 === 0),
            chainId: i % 2 === 0 ? 1 : 42161,
          }),
        )
      }
      const book = prepared(positions)
      // Markets: none for even sizes, '' or a name for the others ('' and none are the same market).
      const marketOf = (p: PreparedPosition) =>
        p.quantity % 2 === 0 ? null : p.quantity % 3 === 0 ? '' : 'm'
      const accounts = groupAccounts(book, 'perp-v2', (p) => ({ market: marketOf(p) }))
      expect(accounts.map((a) => a.positions.map((p) => p.position.id))).toEqual(byKey(book, marketOf))
      for (const account of accounts) {
        expect(account.rule).toBe('perp-v2')
        const first = account.positions[0]!
        expect(account.wallet).toBe(first.position.wallet)
        expect(account.market).toBe(marketOf(first))
      }
    }
  })

  it('leaves out the positions the rule does not cover', () => {
    const book = prepared([
      perp('ETH', 1, 3000, { id: 'a' }),
      perp('ETH', 2, 3000, { id: 'b', venue: 'other' }),
    ])
    const accounts = groupAccounts(book, 'perp-v2', (p) =>
      p.position.venue === 'perp' ? { market: null } : null,
    )
    expect(accounts.map((a) => a.positions.map((p) => p.position.id))).toEqual([['a']])
  })
})
