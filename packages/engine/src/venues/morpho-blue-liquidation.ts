import type { PreparedPosition } from '../book.js'
import {
  MORPHO_LIQUIDATION_CURSOR_WAD,
  MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD,
  MORPHO_WAD,
  morphoLiquidationIncentiveFactorWad,
} from '../systemic/morpho-bad-debt.js'
import {
  feedRatioOraclePrice,
  MORPHO_ORACLE_PRICE_SCALE,
  MORPHO_VIRTUAL_SHARES,
  movedFeedAnswer,
  mulDivDown,
  mulDivUp,
  toAssetsDown,
  toAssetsUp,
  toSharesUp,
  wDivUp,
  wMulDown,
} from './morpho-blue-math.js'
import type { PriceMove, VenueAccount, VenueLiquidation } from './venue-rule.js'

/**
 * Morpho Blue's `MAX_LIQUIDATION_INCENTIVE_FACTOR` (1.15) and `LIQUIDATION_CURSOR` (0.3) as floats,
 * from the contract's WAD constants (src/systemic/morpho-bad-debt.ts, the exact bigint rule).
 */
export const MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR =
  Number(MORPHO_MAX_LIQUIDATION_INCENTIVE_FACTOR_WAD) / Number(MORPHO_WAD)
export const MORPHO_LIQUIDATION_CURSOR = Number(MORPHO_LIQUIDATION_CURSOR_WAD) / Number(MORPHO_WAD)

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

/** One Morpho Blue account (a wallet in a market) in the contract's integers at moved prices. */
export type MorphoAccountState = {
  collateral: { position: PreparedPosition; amount: bigint } | null
  debt: { position: PreparedPosition; amount: bigint } | null
  lltv: bigint
  /** The account's borrow shares and the market's totals (the single-borrower state when not read). */
  borrowShares: bigint
  totalBorrowAssets: bigint
  totalBorrowShares: bigint
  /** The oracle price (1e36 scale) at the moved prices; 0 without both sides. */
  oraclePrice: bigint
  /** Morpho's `_isHealthy`: toAssetsUp(shares) ≤ mulDivDown(collateral, price, 1e36)·LLTV. */
  healthy: boolean
}

/**
 * The integer state Morpho Blue's `liquidate` reads for one account: collateral, borrow shares
 * and market totals (from the debt position's context; absent, the account is the market's only
 * borrower at the initial share price, shares = debt·1e6), and the oracle price from the two
 * feeds moved by `move` ({@link feedRatioOraclePrice}).
 *
 * @example
 * morphoAccountState(account, undefined).healthy // false → liquidate
 */
export function morphoAccountState(account: VenueAccount, move: PriceMove | undefined): MorphoAccountState {
  let collateralPosition: PreparedPosition | undefined
  let collateralAmount = 0n
  let debtPosition: PreparedPosition | undefined
  let debtAmount = 0n
  let lltv = 0n
  let shares: { borrowShares: bigint; totalBorrowAssets: bigint; totalBorrowShares: bigint } | null = null
  for (const p of account.positions) {
    const position = p.position
    if ((position.kind !== 'supply' && position.kind !== 'debt') || !position.morpho) continue
    const context = position.morpho
    lltv = context.lltv
    if (position.kind === 'debt') {
      debtPosition = p
      debtAmount += position.amount
      if (
        context.borrowShares !== undefined &&
        context.totalBorrowAssets !== undefined &&
        context.totalBorrowShares !== undefined
      )
        shares = {
          borrowShares: context.borrowShares,
          totalBorrowAssets: context.totalBorrowAssets,
          totalBorrowShares: context.totalBorrowShares,
        }
    } else if (position.collateral) {
      collateralPosition = p
      collateralAmount += position.amount
    }
  }
  const collateral = collateralPosition ? { position: collateralPosition, amount: collateralAmount } : null
  const debt = debtPosition ? { position: debtPosition, amount: debtAmount } : null
  const state = shares ?? {
    borrowShares: debtAmount * MORPHO_VIRTUAL_SHARES,
    totalBorrowAssets: debtAmount,
    totalBorrowShares: debtAmount * MORPHO_VIRTUAL_SHARES,
  }
  const oraclePrice = collateral && debt ? oracleOf(collateral.position, debt.position, move) : 0n
  const borrowed = toAssetsUp(state.borrowShares, state.totalBorrowAssets, state.totalBorrowShares)
  const maxBorrow = wMulDown(mulDivDown(collateralAmount, oraclePrice, MORPHO_ORACLE_PRICE_SCALE), lltv)
  return {
    collateral,
    debt,
    lltv,
    ...state,
    oraclePrice,
    healthy: state.borrowShares === 0n || maxBorrow >= borrowed,
  }
}

function oracleOf(collateral: PreparedPosition, loan: PreparedPosition, move: PriceMove | undefined): bigint {
  const side = (p: PreparedPosition) => {
    const position = p.position
    const decimals = position.kind === 'supply' || position.kind === 'debt' ? position.decimals : 0
    return {
      answer: movedFeedAnswer(p, move ? move(p) : 1),
      feedDecimals: p.feed.decimals,
      tokenDecimals: decimals,
    }
  }
  return feedRatioOraclePrice({ collateral: side(collateral), loan: side(loan) })
}

/**
 * A full `liquidate` of an unhealthy Morpho Blue position (Morpho has no close factor), in the
 * contract's integer arithmetic (morpho-blue 1.0.0): with LIF = min(1.15, 1/(1 − 0.3·(1 − LLTV)))
 * in WAD, a liquidator repays every borrow share (`repaidShares` = the account's shares, seizing
 * toAssetsDown(shares)·LIF·1e36/price, rounded down) when the collateral covers that; otherwise it
 * seizes all the collateral (`seizedAssets`), repaying toSharesUp(wDivUp(mulDivUp(collateral,
 * price, 1e36), LIF)) shares, and the shares left are written off as bad debt at once
 * (`badDebtAssets` = min(totalBorrowAssets, toAssetsUp(shares left))), socialized to lenders. The
 * repaid assets are toAssetsUp(repaidShares), what the liquidator transfers.
 *
 * @example
 * const liquidation = liquidateMorpho(account, (p) => (p.factor === eth ? 0.5 : 1))
 * liquidation?.seized.amount // raw WETH units the liquidator receives, to the wei
 */
export function liquidateMorpho(account: VenueAccount, move: PriceMove | undefined): VenueLiquidation | null {
  const state = morphoAccountState(account, move)
  const { collateral, debt, oraclePrice } = state
  if (state.healthy || !collateral || !debt || collateral.amount === 0n || oraclePrice === 0n) return null
  const { borrowShares, totalBorrowAssets, totalBorrowShares } = state
  const incentive = morphoLiquidationIncentiveFactorWad(state.lltv)
  let repaidShares = borrowShares
  let seized = mulDivDown(
    wMulDown(toAssetsDown(borrowShares, totalBorrowAssets, totalBorrowShares), incentive),
    MORPHO_ORACLE_PRICE_SCALE,
    oraclePrice,
  )
  if (seized > collateral.amount) {
    seized = collateral.amount
    repaidShares = toSharesUp(
      wDivUp(mulDivUp(seized, oraclePrice, MORPHO_ORACLE_PRICE_SCALE), incentive),
      totalBorrowAssets,
      totalBorrowShares,
    )
    // The rounding up can ask one share more than the account owes; the contract would revert.
    if (repaidShares > borrowShares) repaidShares = borrowShares
  }
  const repaid = toAssetsUp(repaidShares, totalBorrowAssets, totalBorrowShares)
  let sharesLeft = borrowShares - repaidShares
  let totalShares = totalBorrowShares - repaidShares
  let totalAssets = totalBorrowAssets > repaid ? totalBorrowAssets - repaid : 0n
  let badDebtShares = 0n
  let badDebtAssets = 0n
  if (seized === collateral.amount) {
    badDebtShares = sharesLeft
    const owed = toAssetsUp(badDebtShares, totalAssets, totalShares)
    badDebtAssets = owed < totalAssets ? owed : totalAssets
    totalAssets -= badDebtAssets
    totalShares -= badDebtShares
    sharesLeft = 0n
  }
  const collateralPosition = collateral.position
  const debtPosition = debt.position
  const collateralPrice = collateralPosition.price * (move ? move(collateralPosition) : 1)
  const debtPrice = debtPosition.price * (move ? move(debtPosition) : 1)
  const decimalsOf = (p: PreparedPosition) =>
    p.position.kind === 'supply' || p.position.kind === 'debt' ? p.position.decimals : 0
  const seizedUnits = Number(seized) / 10 ** decimalsOf(collateralPosition)
  const repaidUnits = Number(repaid) / 10 ** decimalsOf(debtPosition)
  return {
    repaid: {
      asset: debtPosition.position.asset,
      amount: repaid,
      quantity: repaidUnits,
      value: repaidUnits * debtPrice,
    },
    seized: {
      asset: collateralPosition.position.asset,
      amount: seized,
      quantity: seizedUnits,
      value: seizedUnits * collateralPrice,
    },
    protocolFee: 0n,
    badDebt: (Number(badDebtAssets) / 10 ** decimalsOf(debtPosition)) * debtPrice,
    writtenOff: badDebtAssets,
    morpho: {
      repaidShares,
      badDebtShares,
      after: { borrowShares: sharesLeft, totalBorrowAssets: totalAssets, totalBorrowShares: totalShares },
    },
  }
}
