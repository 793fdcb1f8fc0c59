import type { PreparedPosition } from '../book.js'
import { MORPHO_WAD } from '../systemic/morpho-bad-debt.js'

/**
 * Morpho Blue's integer helpers on bigint, reproducing `MathLib.sol` and `SharesMathLib.sol`
 * (morpho-blue 1.0.0). Solidity reverts on uint256 overflow; bigint does not, so inputs are
 * expected to be on-chain values.
 */

/** `SharesMathLib.VIRTUAL_SHARES`: 1e6 shares that nobody owns, against `VIRTUAL_ASSETS` = 1. */
export const MORPHO_VIRTUAL_SHARES = 10n ** 6n
/** `SharesMathLib.VIRTUAL_ASSETS`. */
export const MORPHO_VIRTUAL_ASSETS = 1n
/** `ConstantsLib.ORACLE_PRICE_SCALE`: an oracle price is 1e36 × loan raw units per collateral raw unit. */
export const MORPHO_ORACLE_PRICE_SCALE = 10n ** 36n

/**
 * `MathLib.mulDivDown`: x·y / d.
 *
 * @example
 * mulDivDown(7n, 3n, 2n) // 10n
 */
export function mulDivDown(x: bigint, y: bigint, d: bigint): bigint {
  return (x * y) / d
}

/**
 * `MathLib.mulDivUp`: (x·y + d − 1) / d.
 *
 * @example
 * mulDivUp(7n, 3n, 2n) // 11n
 */
export function mulDivUp(x: bigint, y: bigint, d: bigint): bigint {
  return (x * y + (d - 1n)) / d
}

/**
 * `MathLib.wMulDown`: x·y / WAD.
 *
 * @example
 * wMulDown(10n ** 18n, 5n * 10n ** 17n) // 5e17
 */
export function wMulDown(x: bigint, y: bigint): bigint {
  return mulDivDown(x, y, MORPHO_WAD)
}

/**
 * `MathLib.wDivUp`: x·WAD / y, rounded up.
 *
 * @example
 * wDivUp(1n, 3n * 10n ** 18n) // 1n
 */
export function wDivUp(x: bigint, y: bigint): bigint {
  return mulDivUp(x, MORPHO_WAD, y)
}

/**
 * `SharesMathLib.toAssetsDown`: shares·(assets + 1) / (shares total + 1e6), rounded down.
 *
 * @example
 * toAssetsDown(10n ** 6n, 0n, 0n) // 1n: the initial price, 1e6 shares per unit
 */
export function toAssetsDown(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivDown(shares, totalAssets + MORPHO_VIRTUAL_ASSETS, totalShares + MORPHO_VIRTUAL_SHARES)
}

/**
 * `SharesMathLib.toAssetsUp`: shares·(assets + 1) / (shares total + 1e6), rounded up (what a borrower owes).
 *
 * @example
 * toAssetsUp(1n, 0n, 0n) // 1n
 */
export function toAssetsUp(shares: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivUp(shares, totalAssets + MORPHO_VIRTUAL_ASSETS, totalShares + MORPHO_VIRTUAL_SHARES)
}

/**
 * `SharesMathLib.toSharesUp`: assets·(shares total + 1e6) / (assets + 1), rounded up.
 *
 * @example
 * toSharesUp(1n, 0n, 0n) // 1000000n
 */
export function toSharesUp(assets: bigint, totalAssets: bigint, totalShares: bigint): bigint {
  return mulDivUp(assets, totalShares + MORPHO_VIRTUAL_SHARES, totalAssets + MORPHO_VIRTUAL_ASSETS)
}

/**
 * A position's feed answer (raw integer, the feed's decimals) with its price multiplied by `m`,
 * moved by the same ratio as the engine's price and rounded, as a devnet feed set to it would read.
 *
 * @example
 * movedFeedAnswer(p, 0.75) // 225000000000n for WETH at 3,000 (8 decimals) moved −25%
 */
export function movedFeedAnswer(p: PreparedPosition, m: number): bigint {
  const feed = p.feed
  if (m === 1) return feed.value
  const ratio = (p.price * m) / (Number(feed.value) / 10 ** feed.decimals)
  return BigInt(Math.round(Number(feed.value) * ratio))
}

/** Parameters of {@link feedRatioOraclePrice}: each side's feed answer and decimals, and its token decimals. */
export type FeedRatioOracleParameters = {
  collateral: { answer: bigint; feedDecimals: number; tokenDecimals: number }
  loan: { answer: bigint; feedDecimals: number; tokenDecimals: number }
}

/**
 * A Morpho Blue market's oracle price read from two USD feeds, as a feed-ratio oracle computes it
 * (Morpho's `MorphoChainlinkOracleV2` without vaults, and the devnet's `FeedRatioOracle`):
 * 10^(36 + loanDecimals + loanFeedDecimals − collateralDecimals − collateralFeedDecimals) ·
 * collateralAnswer / loanAnswer, rounded down.
 *
 * @example
 * feedRatioOraclePrice({
 *   collateral: { answer: 300_000_000_000n, feedDecimals: 8, tokenDecimals: 18 },
 *   loan: { answer: 100_000_000n, feedDecimals: 8, tokenDecimals: 6 },
 * }) // 3000e24: 3,000e6 USDC units per 1e18 WETH units, × 1e36
 */
export function feedRatioOraclePrice(parameters: FeedRatioOracleParameters): bigint {
  const { collateral, loan } = parameters
  const exponent =
    36 + loan.tokenDecimals + loan.feedDecimals - collateral.tokenDecimals - collateral.feedDecimals
  return exponent >= 0
    ? (10n ** BigInt(exponent) * collateral.answer) / loan.answer
    : collateral.answer / (10n ** BigInt(-exponent) * loan.answer)
}
