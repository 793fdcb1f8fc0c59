import { formatUnits, formatUsd } from '@xmargin/core'
import type { CoverTwoLoss, CoverTwoReturnType, VenueRuleName } from '@xmargin/engine'
import type {
  CascadeMarket,
  CascadeRegimeOutcome,
  CascadeRegimeRound,
  CascadeTaskResult,
} from '../engine/run-cascade.js'
import type { ChainFreshness } from './chain-freshness.js'

/** Decimal places of each kind of cascade figure on the wire. */
export const cascadePlaces = {
  /** USD values (seized, repaid, bad debt, prices): micro-dollars, as the toxicity bounds read them. */
  usd: 6,
  /** Token quantities computed in float64 (seized WETH, repaid USDC). */
  quantity: 9,
  /** Price multipliers (0.75 = −25%). */
  multiplier: 9,
} as const

/**
 * Every cascade and Cover-2 amount goes to the wire through this one function, as a decimal string:
 * a float64 engine figure rounded to `places` (see {@link cascadePlaces}), or an exact raw integer
 * amount with its token decimals (`places` is then the token's decimals).
 *
 * @example
 * cascadeAmount(1234.5678, cascadePlaces.usd) // '1234.5678'
 * cascadeAmount(4_500_000_000_000_000_000n, 18) // '4.5'
 */
export function cascadeAmount(value: number | bigint, places: number): string {
  return typeof value === 'bigint'
    ? formatUnits({ value, decimals: places })
    : formatUsd({ value, decimals: places })
}

const usd = (value: number) => cascadeAmount(value, cascadePlaces.usd)
const quantity = (value: number) => cascadeAmount(value, cascadePlaces.quantity)
const multiplier = (value: number) => cascadeAmount(value, cascadePlaces.multiplier)

/** A liquidation as the wire shows it. */
export type CascadeLiquidationView = {
  venue: VenueRuleName
  chainId: number
  wallet: string
  market: string | null
  collateralAsset: string
  collateralSeized: string
  /** Exact raw units (the contract's integers); see `cascadeAmount` for the float figures beside them. */
  collateralSeizedAmount: bigint
  collateralSeizedValue: string
  debtAsset: string
  debtRepaid: string
  debtRepaidAmount: bigint
  protocolFee: bigint
  writtenOff: bigint
  debtRepaidValue: string
  badDebt: string
  /** Perp v2: where the close was priced (`VenueLiquidation.perp.closedAt`); null for the other venues. */
  perpClosedAt: 'pool' | 'index' | null
  toxic: boolean | null
}

/** Per venue and chain sums as the wire shows them. */
export type CascadeVenueTotalView = {
  venue: VenueRuleName
  chainId: number
  liquidations: number
  collateralSeizedValue: string
  debtRepaidValue: string
  badDebt: string
}

/** One round as the wire shows it. */
export type CascadeRoundView = {
  round: number
  multipliers: { factor: string; multiplier: string }[]
  prices: { asset: string; price: string }[]
  liquidations: CascadeLiquidationView[]
  unmodelled: { venue: VenueRuleName; chainId: number; wallet: string; health: string }[]
  byVenue: CascadeVenueTotalView[]
  badDebt: string
  walletsHit: number
  sales: CascadeSaleView[]
}

/** A factor's sale after a round as the wire shows it. */
export type CascadeSaleView = { factor: string; amountIn: bigint; amountOut: bigint; multiplierAfter: string }

/** One round of a margin regime as the wire shows it. */
export type CascadeRegimeRoundView = {
  round: number
  multipliers: { factor: string; multiplier: string }[]
  prices: { asset: string; price: string }[]
  liquidations: number
  walletsHit: number
  unresolved: number
  collateralSeizedValue: string
  debtRepaidValue: string
  badDebt: string
  sales: CascadeSaleView[]
}

/** A margin regime's outcome as the wire shows it. */
export type CascadeRegimeView = {
  wallets: number
  walletsSurviving: number
  walletsLiquidated: number
  liquidatedValue: string
  badDebt: string
  rounds: number
  fixedPoint: boolean
  multipliers: { factor: string; multiplier: string }[]
  byRound: CascadeRegimeRoundView[]
}

/** The whole cascade answer. */
export type CascadeView = {
  wallets: number
  scenario: string
  shock: { factor: string; multiplier: string }[]
  maxRounds: number
  rounds: CascadeRoundView[]
  fixedPoint: boolean
  end: {
    liquidations: number
    totalLiquidated: string
    totalRepaid: string
    badDebt: string
    byVenue: CascadeVenueTotalView[]
    walletsHit: number
    multipliers: { factor: string; multiplier: string }[]
    prices: { asset: string; price: string }[]
  }
  comparison: { isolated: CascadeRegimeView; portfolio: CascadeRegimeView }
  markets: {
    kind: CascadeMarket['kind']
    factor: string
    asset: string
    /** Pools: the chain, address and block of the stored state; null for a depth curve. */
    chainId: number | null
    pool: string | null
    poolBlock: bigint | null
    /** Pools: the token sales are paid in; a depth curve's is USD. */
    quote: string
    twoPercentDepthUsd: string | null
    feePips: number
    price: string
    depth: string | null
  }[]
  reasons: string[]
  blocks: ChainFreshness[]
}

const byName = <T>(record: Readonly<Record<string, T>>) =>
  Object.keys(record)
    .sort()
    .map((key) => [key, record[key] as T] as const)
const multipliersOf = (m: Readonly<Record<string, number>>) =>
  byName(m).map(([factor, value]) => ({ factor, multiplier: multiplier(value) }))
const pricesOf = (p: Readonly<Record<string, number>>) =>
  byName(p).map(([asset, value]) => ({ asset, price: usd(value) }))
const venueTotal = (t: CascadeTaskResult['totals']['byVenue'][number]): CascadeVenueTotalView => ({
  venue: t.rule,
  chainId: t.chainId,
  liquidations: t.liquidations,
  collateralSeizedValue: usd(t.seizedValue),
  debtRepaidValue: usd(t.repaidValue),
  badDebt: usd(t.badDebt),
})
const sale = (s: CascadeRegimeRound['sales'][number]): CascadeSaleView => ({
  factor: s.factor,
  amountIn: s.amountIn,
  amountOut: s.amountOut,
  multiplierAfter: multiplier(s.multiplierAfter),
})
const regimeRound = (r: CascadeRegimeRound): CascadeRegimeRoundView => ({
  round: r.round,
  multipliers: multipliersOf(r.multipliers),
  prices: pricesOf(r.prices),
  liquidations: r.liquidations,
  walletsHit: r.walletsHit,
  unresolved: r.unresolved,
  collateralSeizedValue: usd(r.seizedValue),
  debtRepaidValue: usd(r.repaidValue),
  badDebt: usd(r.badDebt),
  sales: r.sales.map(sale),
})
const regime = (r: CascadeRegimeOutcome): CascadeRegimeView => ({
  ...r,
  liquidatedValue: usd(r.liquidatedValue),
  badDebt: usd(r.badDebt),
  multipliers: multipliersOf(r.multipliers),
  byRound: r.byRound.map(regimeRound),
})
const market = (m: CascadeMarket): CascadeView['markets'][number] =>
  m.kind === 'uniswapV3'
    ? {
        kind: m.kind,
        factor: m.factor,
        asset: m.asset,
        chainId: m.chainId,
        pool: m.pool,
        poolBlock: BigInt(m.blockNumber),
        quote: m.quote,
        twoPercentDepthUsd: null,
        feePips: m.feePips,
        price: usd(m.price),
        depth: null,
      }
    : {
        kind: m.kind,
        factor: m.factor,
        asset: m.asset,
        chainId: null,
        pool: null,
        poolBlock: null,
        quote: 'USD',
        twoPercentDepthUsd: usd(m.twoPercentDepthUsd),
        feePips: m.feePips,
        price: usd(m.price),
        depth: cascadeAmount(m.depth, m.assetDecimals),
      }

/** Parameters of {@link toCascadeView}. */
export type ToCascadeViewParameters = {
  result: CascadeTaskResult
  scenario: string
  shock: Readonly<Record<string, number>>
  maxRounds: number
  reasons: readonly string[]
  blocks: ChainFreshness[]
}

/**
 * Maps a cascade's engine result to the wire (every amount through {@link cascadeAmount}).
 *
 * @example
 * const view = toCascadeView({ result, scenario: 'custom', shock: { ETH: 0.75 }, maxRounds: 20, reasons: [], blocks })
 */
export function toCascadeView(parameters: ToCascadeViewParameters): CascadeView {
  const { result, scenario, shock, maxRounds, blocks } = parameters
  return {
    wallets: result.comparison.isolated.wallets,
    scenario,
    shock: multipliersOf(shock),
    maxRounds,
    rounds: result.rounds.map((r) => ({
      round: r.round,
      multipliers: multipliersOf(r.multipliers),
      prices: pricesOf(r.prices),
      liquidations: r.liquidations.map((l) => ({
        venue: l.rule,
        chainId: l.chainId,
        wallet: l.wallet,
        market: l.market,
        collateralAsset: l.seized.asset,
        collateralSeized: quantity(l.seized.quantity),
        collateralSeizedAmount: l.seized.amount,
        collateralSeizedValue: usd(l.seized.value),
        debtAsset: l.repaid.asset,
        debtRepaid: quantity(l.repaid.quantity),
        debtRepaidAmount: l.repaid.amount,
        protocolFee: l.protocolFee,
        writtenOff: l.writtenOff,
        debtRepaidValue: usd(l.repaid.value),
        badDebt: usd(l.badDebt),
        perpClosedAt: l.perp?.closedAt ?? null,
        toxic: l.toxic,
      })),
      unmodelled: r.unmodelled.map((u) => ({
        venue: u.rule,
        chainId: u.chainId,
        wallet: u.wallet,
        health: cascadeAmount(u.health, cascadePlaces.multiplier),
      })),
      byVenue: r.byVenue.map(venueTotal),
      badDebt: usd(r.badDebt),
      walletsHit: r.walletsHit,
      sales: r.sales.map(sale),
    })),
    fixedPoint: result.fixedPoint,
    end: {
      liquidations: result.totals.liquidations,
      totalLiquidated: usd(result.totals.seizedValue),
      totalRepaid: usd(result.totals.repaidValue),
      badDebt: usd(result.totals.badDebt),
      byVenue: result.totals.byVenue.map(venueTotal),
      walletsHit: result.totals.walletsHit,
      multipliers: multipliersOf(result.multipliers),
      prices: pricesOf(result.prices),
    },
    comparison: {
      isolated: regime(result.comparison.isolated),
      portfolio: regime(result.comparison.portfolio),
    },
    markets: result.markets.map(market),
    reasons: [...parameters.reasons, ...result.reasons],
    blocks,
  }
}

/** A member's loss beyond margin as the wire shows it. */
export type CoverTwoLossView = {
  venue: VenueRuleName
  chainId: number
  wallet: string
  market: string | null
  loss: string
}

/** The Cover-2 answer. */
export type CoverTwoView = {
  wallets: number
  fund: string
  scenario: string
  largest: CoverTwoLossView[]
  byScenario: { scenario: string; total: string; largest: CoverTwoLossView[] }[]
  reasons: string[]
  blocks: ChainFreshness[]
}

const loss = (l: CoverTwoLoss): CoverTwoLossView => ({
  venue: l.rule,
  chainId: l.chainId,
  wallet: l.wallet,
  market: l.market,
  loss: usd(l.loss),
})

/**
 * Maps a Cover-2 result to the wire (every amount through {@link cascadeAmount}).
 *
 * @example
 * const view = toCoverTwoView({ result, wallets: 36, reasons: [], blocks })
 */
export function toCoverTwoView(parameters: {
  result: CoverTwoReturnType
  wallets: number
  reasons: readonly string[]
  blocks: ChainFreshness[]
}): CoverTwoView {
  const { result } = parameters
  return {
    wallets: parameters.wallets,
    fund: usd(result.fund),
    scenario: result.scenario,
    largest: result.largest.map(loss),
    byScenario: result.byScenario.map((s) => ({
      scenario: s.scenario,
      total: usd(s.total),
      largest: s.largest.map(loss),
    })),
    reasons: [...parameters.reasons],
    blocks: parameters.blocks,
  }
}
