import { aaveEModeApplies } from '@xmargin/core'
import { aaveAccountData, groupAaveAccounts } from '../aave-v3/aave-venue-figures.js'
import { percentMul, WAD } from '../aave-v3/wad-ray-math.js'
import type { PreparedPosition } from '../book.js'
import { liquidateAave } from './aave-v3-liquidation.js'
import type { PriceMove, VenueAccount, VenueCheck, VenueRule } from './venue-rule.js'

/** Aave's oracle base currency: USD with 8 decimals. */
const BASE = 1e8

/**
 * Aave v3, per (chain, venue, wallet) account: the health factor of `getUserAccountData`
 * (`GenericLogic`, reproduced exactly in integer math, eMode threshold and price source included)
 * with the feed prices moved by `move`. Liquidatable when the health factor is below 1 (wad), as
 * `LiquidationLogic` checks. The collateral side is Σ value·threshold (`percentMul`), the
 * requirement the debt, both in USD.
 *
 * @example
 * const [account] = aaveV3Rule.accountsOf(book.positions, book.rate)
 * aaveV3Rule.check(account).health // 0.996 → liquidatable
 */
export const aaveV3Rule: VenueRule = {
  name: 'aave-v3',
  liquidates: true,
  accountsOf: (positions) =>
    groupAaveAccounts(positions).accounts.map((a) => ({
      rule: 'aave-v3',
      chainId: a.chainId,
      venue: a.venue,
      wallet: a.wallet,
      market: null,
      positions: a.positions,
    })),
  readsPrice: () => true,
  check: (account, move) => checkAave(account, move),
  liquidation: (account, move) => {
    const aave = groupAaveAccounts(account.positions).accounts[0]
    return aave ? liquidateAave(account, aaveAccountData(aave, move).healthFactor, move) : null
  },
}

function checkAave(account: VenueAccount, move: PriceMove | undefined): VenueCheck {
  const aave = groupAaveAccounts(account.positions).accounts[0]
  if (!aave)
    return {
      health: Number.POSITIVE_INFINITY,
      collateral: 0,
      requirement: 0,
      liquidatable: false,
      topUp: null,
    }
  const data = aaveAccountData(aave, move)
  const weighted = percentMul(data.totalCollateralBase, data.currentLiquidationThreshold)
  const debt = data.totalDebtBase
  return {
    health: debt === 0n ? Number.POSITIVE_INFINITY : Number(data.healthFactor) / Number(WAD),
    collateral: Number(weighted) / BASE,
    requirement: Number(debt) / BASE,
    liquidatable: debt > 0n && data.healthFactor < WAD,
    topUp: bestCollateral(account.positions),
  }
}

/** The collateral-enabled reserve with the highest effective liquidation threshold (eMode applied). */
function bestCollateral(positions: readonly PreparedPosition[]): VenueCheck['topUp'] {
  let best: VenueCheck['topUp'] = null
  for (const p of positions) {
    const position = p.position
    if (position.kind !== 'supply' || !position.collateral || !position.aave) continue
    const c = position.aave
    const inEMode = aaveEModeApplies(c)
    const threshold = (inEMode ? (c.eModeLiquidationThreshold ?? 0) : c.liquidationThreshold) / 1e4
    if (threshold > 0 && (!best || threshold > best.weight))
      best = { asset: position.asset, weight: threshold, unitValue: p.price }
  }
  return best
}
