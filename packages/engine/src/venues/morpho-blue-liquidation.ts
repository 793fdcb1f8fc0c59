import type { PriceMove, VenueAccount, VenueLiquidation } from './venue-rule.js'

/** Morpho Blue's `MAX_LIQUIDATION_INCENTIVE_FACTOR` (1.15) and `LIQUIDATION_CURSOR` (0.3). */
export const MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR = 1.15
export const MORPHO_LIQUIDATION_CURSOR = 0.3

/**
 * Morpho Blue's liquidation incentive factor for a market: min(1.15, 1 / (0.3·LLTV + 0.7)).
 *
 * @example
 * morphoLiquidationIncentiveFactor(0.86) // 1.0438…
 */
export function morphoLiquidationIncentiveFactor(lltv: number): number {
  return Math.min(
    MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR,
    1 / (MORPHO_LIQUIDATION_CURSOR * lltv + (1 - MORPHO_LIQUIDATION_CURSOR)),
  )
}

/**
 * A full `liquidate` of an unhealthy Morpho Blue position (Morpho has no close factor): the
 * liquidator seizes collateral worth the borrowed assets times the incentive factor, capped at the
 * collateral; when the collateral runs out first the debt left is bad debt, which Morpho realizes
 * at once (socialized to the market's lenders).
 *
 * @example
 * const liquidation = liquidateMorpho(account, (p) => (p.factor === eth ? 0.5 : 1))
 */
export function liquidateMorpho(account: VenueAccount, move: PriceMove | undefined): VenueLiquidation | null {
  let borrowed = 0
  let debtAsset = ''
  let debtPrice = 1
  let collateral = 0
  let collateralAsset = ''
  let collateralPrice = 1
  let lltv = 0
  for (const p of account.positions) {
    const position = p.position
    if ((position.kind !== 'supply' && position.kind !== 'debt') || !position.morpho) continue
    const price = p.price * (move ? move(p) : 1)
    if (position.kind === 'debt') {
      borrowed += Math.abs(p.quantity)
      debtAsset = position.asset
      debtPrice = price
    } else if (position.collateral) {
      collateral += p.quantity
      collateralAsset = position.asset
      collateralPrice = price
      lltv = Number(position.morpho.lltv) / 1e18
    }
  }
  if (borrowed === 0 || !(borrowed * debtPrice > collateral * collateralPrice * lltv)) return null
  const incentive = morphoLiquidationIncentiveFactor(lltv)
  let seized = (borrowed * debtPrice * incentive) / collateralPrice
  let repaid = borrowed
  if (seized > collateral) {
    seized = collateral
    repaid = (seized * collateralPrice) / (incentive * debtPrice)
  }
  return {
    repaid: { asset: debtAsset, quantity: repaid, value: repaid * debtPrice },
    seized: { asset: collateralAsset, quantity: seized, value: seized * collateralPrice },
    badDebt: (borrowed - repaid) * debtPrice,
  }
}
