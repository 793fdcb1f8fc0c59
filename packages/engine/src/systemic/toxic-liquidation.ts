import { InvalidBoundParametersError } from './errors.js'

/**
 * A single lending position for the toxicity bounds, in one unit of account (exact integers, e.g.
 * USD with 18 decimals): collateral value c, debt q, and the liquidation bonus i in basis points
 * (Aave's 10,500 liquidationBonus is 500 here).
 */
export type ToxicityPosition = {
  collateralValue: bigint
  debtValue: bigint
  bonusBps: bigint
}

const BPS = 10_000n

function assertPosition(position: ToxicityPosition): void {
  if (position.collateralValue <= 0n)
    throw new InvalidBoundParametersError('collateral value must be positive')
  if (position.debtValue <= 0n) throw new InvalidBoundParametersError('debt value must be positive')
  if (position.bonusBps < 0n)
    throw new InvalidBoundParametersError('the liquidation bonus cannot be negative')
}

/**
 * Whether a partial liquidation at an unchanged price lowers the position's health — the toxic
 * regime of Warmuz, Chaudhary & Pinna, "Toxic Liquidation Spirals" (arXiv:2212.07306): repaying d
 * and seizing d·(1 + i) moves health from LT·c/q to LT·(c − d(1 + i))/(q − d), which is lower exactly
 * when LTV = q/c > 1/(1 + i), whatever d and the liquidation threshold. Exact in integers:
 * q·(1 + i) > c. At the bound itself health is unchanged (not toxic).
 *
 * @example
 * // LTV 96% with a 5% bonus: 0.96 > 1/1.05 ≈ 0.952, each partial liquidation lowers health
 * isToxicLiquidation({ collateralValue: 100n, debtValue: 96n, bonusBps: 500n }) // true
 */
export function isToxicLiquidation(position: ToxicityPosition): boolean {
  assertPosition(position)
  return position.debtValue * (BPS + position.bonusBps) > position.collateralValue * BPS
}

/**
 * The LTV above which liquidations are toxic, 1/(1 + i), as a float for reports.
 *
 * @example
 * toxicLtvThreshold(500n) // 0.952…
 */
export function toxicLtvThreshold(bonusBps: bigint): number {
  if (bonusBps < 0n) throw new InvalidBoundParametersError('the liquidation bonus cannot be negative')
  return 1 / (1 + Number(bonusBps) / 10_000)
}

/** Parameters of {@link isToxicWithSlippage}. */
export type IsToxicWithSlippageParameters = {
  /** LTV ℓ = q/c, in (0, 1]. */
  ltv: number
  /** Liquidation incentive i (0.05 = 5%). */
  bonus: number
  /** Collateral value c of the position, in the debt asset. */
  collateralValue: number
  /** The constant-product pool's debt-asset reserve y (so its collateral reserve is worth y at the pool price). */
  poolDebtReserve: number
}

/**
 * The slippage-aware frontier of McFarlane, "Toxicity Bounds for Dynamic Liquidation Incentives"
 * (arXiv:2510.10171), for a fixed incentive: when seized collateral is sold into a constant-product
 * pool (reserves x, y; p = y/x), the remaining collateral is re-marked at the moved price and a small
 * liquidation step lowers health exactly when ℓ > 1/((1 + i)·λ), λ the liquidity penalty factor.
 *
 * λ = 1 + 2c/y is our derivation following the paper's §2.1 steps (dc = p·dn + n·dp with
 * dn = −(1 + i)·da/p and the pool's dp/p = −2·dx/x); the copy of the paper we could read had its
 * formulas stripped, so the expression of λ is not quoted from it. λ → 1 (deep pool) gives back the
 * Warmuz bound. The bound is local (first order in the step), so the flip is exact only in the limit
 * of small steps.
 *
 * @example
 * // LTV 0.9, 5% bonus: not toxic at unchanged prices (0.9 < 0.952), toxic once the position is 3% of the pool
 * isToxicWithSlippage({ ltv: 0.9, bonus: 0.05, collateralValue: 300_000, poolDebtReserve: 10_000_000 }) // true
 */
export function isToxicWithSlippage(parameters: IsToxicWithSlippageParameters): boolean {
  const { ltv, bonus } = parameters
  if (!(ltv > 0) || !(bonus >= 0))
    throw new InvalidBoundParametersError('LTV must be positive and the bonus non-negative')
  return ltv * (1 + bonus) * constantProductPenalty(parameters) > 1
}

/**
 * λ = 1 + 2c/y: how much more a liquidation step costs the position when its seized collateral is
 * sold into a constant-product pool with debt-asset reserve y (see {@link isToxicWithSlippage}).
 *
 * @example
 * constantProductPenalty({ collateralValue: 1_000, poolDebtReserve: 1_000_000 }) // 1.002
 */
export function constantProductPenalty(parameters: {
  collateralValue: number
  poolDebtReserve: number
}): number {
  const { collateralValue, poolDebtReserve } = parameters
  if (!(collateralValue > 0) || !(poolDebtReserve > 0))
    throw new InvalidBoundParametersError('collateral value and pool reserve must be positive')
  return 1 + (2 * collateralValue) / poolDebtReserve
}
