import type { AssetId, ChainId, UniswapV3PoolState } from '@xmargin/core'
import type { PreparedPosition } from '../book.js'
import { SwapMathError, TickRangeNotCoveredError } from '../impact/errors.js'
import { movedFeedAnswer } from './morpho-blue-math.js'
import { PerpPoolCloseError } from './perp-v2-errors.js'
import { closePerpV2InPool } from './perp-v2-pool-close.js'
import type { PriceMove, VenueAccount, VenueLiquidation } from './venue-rule.js'

/** Perp v2's ratio scale: `ClearingHouseConfig` ratios are uint24 parts per million. */
export const PERP_V2_RATIO_SCALE = 1_000_000n
/** `ClearingHouseConfig._mmRatio` as deployed (curie 1.4.0 initializer): 6.25%. */
export const PERP_V2_MM_RATIO_PPM = 62_500n
/** `ClearingHouseConfig._liquidationPenaltyRatio` as deployed: 2.5% of the closed notional. */
export const PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM = 25_000n
/** `ClearingHouseConfig._partialCloseRatio` as deployed: 25% of the position, when a close may only be partial. */
export const PERP_V2_PARTIAL_CLOSE_RATIO_PPM = 250_000n
/** Perp v2's settlement token: the vault collateral its penalty and PnL settle in. */
export const PERP_V2_SETTLEMENT_ASSET = 'USDC'
/** Perp v2 keeps prices, notionals and owed PnL with 18 decimals. */
const PERP_DECIMALS = 18

/**
 * The virtual pool of a Perp v2 market (chain, the asset its positions carry), as stored at the
 * cut, or undefined where none is known: the close then goes at the index price (`closedAt: 'index'`).
 */
export type PerpV2PoolOf = (market: { chainId: ChainId; asset: AssetId }) => UniswapV3PoolState | undefined

/**
 * Parameters of {@link liquidatePerpV2}: `ClearingHouseConfig`'s ratios (ppm), whether the close is
 * partial, and the markets' virtual pools with their exchange fee.
 */
export type LiquidatePerpV2Parameters = {
  liquidationPenaltyRatio?: bigint | undefined
  partialCloseRatio?: bigint | undefined
  /**
   * Whether the exchange lets the close go only partially: in curie 1.4.0 a liquidation whose
   * full close would cross the market's price limit (`maxTickCrossedWithinBlock`) closes
   * `partialCloseRatio` of the position. Deciding it needs the virtual pool's ticks; default false.
   */
  partial?: boolean | undefined
  /** The markets' virtual pools: a market with one closes through it (`closePerpV2InPool`). */
  pools?: PerpV2PoolOf | undefined
  /** `MarketRegistry`'s exchange fee ratio (ppm) of a pool close; default as deployed (0.1%). */
  exchangeFeeRatio?: bigint | undefined
}

/**
 * `PerpMath.mulRatio`: value·ratio / 1e6, rounded down (FullMath.mulDiv).
 *
 * @example
 * perpMulRatio(27_000n * 10n ** 18n, 25_000n) // 675e18: the 2.5% penalty on 27,000
 */
export function perpMulRatio(value: bigint, ratio: bigint): bigint {
  return (value * ratio) / PERP_V2_RATIO_SCALE
}

/**
 * One Perp v2 `liquidate(trader, baseToken)` on a failing account (`ClearingHouse._liquidate`,
 * curie 1.4.0), on the largest market by notional at the moved index prices: the taker position
 * is closed in full (`partialCloseRatio` of it, rounded down, when `partial`), the account pays
 * the liquidation penalty `mulRatio(|closed notional|, liquidationPenaltyRatio)` to the
 * liquidator as owed realized PnL, and the close's PnL (with the pending funding) is realized.
 * `repaid` is the position closed (raw base units, USD notional), `seized` the penalty in the
 * account's settlement token (rounded down to its decimals; `perp.penalty` keeps Perp's 18
 * decimals). Nothing is sold into a spot market: the close trades in the perp's own virtual pool.
 *
 * Where `pools` gives the market's pool (`closedAt: 'pool'`), the close swaps through it as the
 * contract does (`closePerpV2InPool`: the pool first arbitraged to the moved index price, the
 * pool's fee scaled away, the exchange fee charged), so the closed notional and the penalty equal
 * the contract's to the wei. Without a pool (`closedAt: 'index'`) the closed notional is
 * |size| × index price (feed answer × 1e10) and no exchange fee is charged. Bad debt: the account
 * value (the other markets at the index price) left below 0 after the close, its exchange fee and
 * the penalty, which Perp's insurance fund covers. Not modelled: `CH_BD`, the contract's refusal
 * of a close that leaves the account value below 0 unless the liquidator is a backstop provider.
 * A pool that cannot take the close (ticks beyond those stored, or too little liquidity) is a
 * `PerpPoolCloseError`, never a fallback to the index price.
 *
 * @example
 * const liquidation = liquidatePerpV2(account, (p) => (p.factor === eth ? 1.25 : 1), { pools: (m) => stored.get(m.asset) })
 * liquidation?.perp?.penalty // 18-decimal USD the trader pays
 */
export function liquidatePerpV2(
  account: VenueAccount,
  move: PriceMove | undefined,
  parameters: LiquidatePerpV2Parameters = {},
): VenueLiquidation | null {
  const penaltyRatio = parameters.liquidationPenaltyRatio ?? PERP_V2_LIQUIDATION_PENALTY_RATIO_PPM
  const partialRatio = parameters.partialCloseRatio ?? PERP_V2_PARTIAL_CLOSE_RATIO_PPM
  let target:
    | { p: PreparedPosition; size: bigint; decimals: number; index: bigint; notional: bigint }
    | undefined
  let settlement: PreparedPosition | undefined
  let value = 0
  for (const p of account.positions) {
    const position = p.position
    const m = move ? move(p) : 1
    if (position.kind === 'perp') {
      value += p.quantity * (p.price * m - p.entry) + p.funding
      const index = movedFeedAnswer(p, m) * 10n ** BigInt(PERP_DECIMALS - p.feed.decimals)
      const size = position.amount < 0n ? -position.amount : position.amount
      const notional = (size * index) / 10n ** BigInt(position.decimals)
      if (size > 0n && (!target || notional > target.notional))
        target = { p, size, decimals: position.decimals, index, notional }
    } else if (position.kind === 'spot') {
      value += p.quantity
      settlement ??= p
    }
  }
  if (!target) return null
  const closed = parameters.partial ? perpMulRatio(target.size, partialRatio) : target.size
  const position = target.p.position
  const sign = position.kind === 'perp' && position.amount < 0n ? -1n : 1n
  const pool = parameters.pools?.({ chainId: account.chainId, asset: position.asset })
  const close = pool
    ? closeInPool(account, position.asset, () =>
        closePerpV2InPool({
          pool,
          size: sign * closed,
          indexPrice: target.index,
          exchangeFeeRatio: parameters.exchangeFeeRatio,
        }),
      )
    : undefined
  const notional = close ? close.closedNotional : (closed * target.index) / 10n ** BigInt(target.decimals)
  const exchangeFee = close?.exchangeFee ?? 0n
  const penalty = perpMulRatio(notional, penaltyRatio)
  const settlementDecimals =
    settlement?.position.kind === 'spot' ? settlement.position.decimals : PERP_DECIMALS
  const penaltyUnits = Number(penalty) / 10 ** PERP_DECIMALS
  const closedUnits = Number(closed) / 10 ** target.decimals
  // through the pool, the closed part realizes at the pool's notional less the exchange fee instead
  // of at the index price the account value counted it at
  const atIndex = target.p.price * (move ? move(target.p) : 1)
  const closeGap = close
    ? Number(sign) * (Number(notional) / 1e18 - closedUnits * atIndex) - Number(exchangeFee) / 1e18
    : 0
  const valueAfter = value + closeGap - penaltyUnits
  return {
    repaid: { asset: position.asset, amount: closed, quantity: closedUnits, value: Number(notional) / 1e18 },
    seized: {
      asset: settlement?.position.asset ?? PERP_V2_SETTLEMENT_ASSET,
      amount: penalty / 10n ** BigInt(PERP_DECIMALS - settlementDecimals),
      quantity: penaltyUnits,
      value: penaltyUnits,
    },
    protocolFee: 0n,
    badDebt: valueAfter < 0 ? -valueAfter : 0,
    writtenOff: 0n,
    perp: {
      closedSize: -sign * closed,
      closedNotional: notional,
      penalty,
      exchangeFee,
      partial: parameters.partial ?? false,
      closedAt: close ? 'pool' : 'index',
    },
  }
}

/** A pool close whose swap-math failure names the market (`PerpPoolCloseError`). */
function closeInPool<T>(account: VenueAccount, asset: string, run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof TickRangeNotCoveredError || error instanceof SwapMathError)
      throw new PerpPoolCloseError({ chainId: account.chainId, asset, cause: error })
    throw error
  }
}
