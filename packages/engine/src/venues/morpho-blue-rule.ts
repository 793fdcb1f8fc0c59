import type { PreparedPosition } from '../book.js'
import { liquidateMorpho, morphoAccountState } from './morpho-blue-liquidation.js'
import {
  groupAccounts,
  type PriceMove,
  ratioHealth,
  type VenueAccount,
  type VenueCheck,
  type VenueRule,
} from './venue-rule.js'

/** Morpho's WAD: LLTV has 18 decimals. */
const WAD = 1e18

function marketOf(p: PreparedPosition): { market: string; lltv: bigint } | undefined {
  const position = p.position
  if (position.kind === 'debt' || (position.kind === 'supply' && position.collateral)) return position.morpho
  return undefined
}

/**
 * Morpho Blue, per (chain, wallet, market) account: healthy while borrowed ≤ collateral·price·LLTV
 * (`Morpho._isHealthy`), the oracle price being the ratio of the two assets' USD prices (the
 * market oracles read the same feeds). Health = LLTV·collateral / borrowed (float64); liquidatable
 * exactly when the contract's integer check fails (`morphoAccountState`).
 * Lent (supplied, non-collateral) assets are not part of the rule.
 *
 * @example
 * const accounts = morphoBlueRule.accountsOf(book.positions, book.rate)
 * morphoBlueRule.check(accounts[0]!).liquidatable
 */
export const morphoBlueRule: VenueRule = {
  name: 'morpho-blue',
  liquidates: true,
  accountsOf: (positions) =>
    groupAccounts(positions, 'morpho-blue', (p) => {
      const context = marketOf(p)
      return context ? { market: context.market } : null
    }),
  readsPrice: () => true,
  check: (account, move) => checkMorpho(account, move),
  liquidation: (account, move) => liquidateMorpho(account, move),
}

function checkMorpho(account: VenueAccount, move: PriceMove | undefined): VenueCheck {
  let collateral = 0
  let borrowed = 0
  let topUp: VenueCheck['topUp'] = null
  for (const p of account.positions) {
    const context = marketOf(p)
    if (!context) continue
    const value = Math.abs(p.quantity) * p.price * (move ? move(p) : 1)
    if (p.position.kind === 'debt') {
      borrowed += value
    } else {
      const lltv = Number(context.lltv) / WAD
      collateral += value * lltv
      topUp = { asset: p.position.asset, weight: lltv, unitValue: p.price }
    }
  }
  return {
    health: ratioHealth(collateral, borrowed),
    collateral,
    requirement: borrowed,
    // The line itself in the contract's integers (shares rounded up, oracle price rounded down).
    liquidatable: borrowed > 0 && !morphoAccountState(account, move).healthy,
    topUp,
  }
}
