import type { ResolvedPriceImpact } from '@xmargin/config'
import type { Position, Price, RiskParameters, Volatility } from '@xmargin/core'
import {
  type CoverTwoReturnType,
  type CoverTwoScenario,
  computeMargin,
  coverTwo,
  createPriceImpact,
  depthCurveFromTwoPercentDepth,
  type PreparedBook,
  type PriceImpact,
  placeDepthCurve,
  prepareInputs,
  type SimulateCascadeReturnType,
  simulateCascade,
} from '@xmargin/engine'

/** USD prices are placed on a depth curve at this many decimals. */
const PRICE_DECIMALS = 8
/** The quote side of every depth curve: a 6-decimal USD stablecoin. */
const QUOTE_DECIMALS = 6

/** The plain-data input of a cascade (it crosses into a worker thread as it is). */
export type CascadeTaskInput = {
  /** The selected wallets, lowercased: those without positions count as surviving. */
  wallets: readonly string[]
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities: readonly Volatility[]
  params: RiskParameters
  now: number
  /** Price multiplier per factor id (0.7 = −30%); factors without positions in the book are ignored. */
  shock: Readonly<Record<string, number>>
  /** Depth curves by factor id (the config's `priceImpact`, with the request's overrides). */
  curves: ResolvedPriceImpact
  maxRounds: number
}

/** The market a factor's forced sales went into: the curve, the price it was placed at, its reserve. */
export type CascadeMarket = {
  factor: string
  asset: string
  twoPercentDepthUsd: number
  feePips: number
  /** USD price the curve was placed at (the book's, before the shock). */
  price: number
  /** Virtual reserve of the asset, raw units (the sale that quarters the price). */
  depth: bigint
  assetDecimals: number
}

/** One side of the comparison: what a margin regime does to the same wallets under the same shock. */
export type CascadeRegimeOutcome = {
  wallets: number
  walletsSurviving: number
  walletsLiquidated: number
  /** USD: seized collateral (isolated) or the collateral of the books that fail (portfolio). */
  liquidatedValue: number
}

/** The cascade's result without its book, with the markets and the margin-regime comparison. */
export type CascadeTaskResult = Omit<SimulateCascadeReturnType, 'book'> & {
  markets: CascadeMarket[]
  /** Inputs the engine could not use (a position without a price): the answer leaves them out. */
  reasons: string[]
  comparison: { isolated: CascadeRegimeOutcome; portfolio: CascadeRegimeOutcome }
}

/**
 * Runs a liquidation cascade over stored positions: prepares one book of every wallet, places each
 * factor's depth curve at the book's price, runs `simulateCascade`, and compares the venues' isolated
 * rules with unified cross-chain portfolio margin on the same wallets. Isolated: a wallet is
 * liquidated when any venue liquidated it during the cascade (or its Perp v2 account failed, whose
 * amounts are not modelled); the amount is the seized collateral. Portfolio: each wallet is one
 * cross-chain book under the `portfolio` model at the shock's prices (before any forced sale); it
 * is liquidated when its health (equity / maintenance margin) is below 1, and the amount is its
 * whole collateral (a cross-margin account is closed as one).
 *
 * @example
 * const result = runCascade({ wallets, positions, prices, volatilities: [], params, now, shock: { ETH: 0.75 }, curves, maxRounds: 20 })
 * result.comparison.portfolio.walletsSurviving
 */
export function runCascade(input: CascadeTaskInput): CascadeTaskResult {
  const { positions, prices, volatilities, params, now } = input
  const prepared = prepareInputs({ positions, prices, volatilities, params, now })
  const book = prepared.book
  const shock = Object.fromEntries(Object.entries(input.shock).filter(([f]) => book.factors.includes(f)))
  const markets = placeMarkets(book, input.curves)
  const impact: Record<string, PriceImpact> = {}
  for (const { market, impact: model } of markets) impact[market.factor] = model
  const { book: _after, ...cascade } = simulateCascade({ book, shock, impact, maxRounds: input.maxRounds })
  const byWallet = new Map<string, Position[]>()
  for (const p of positions) {
    const wallet = p.wallet.toLowerCase()
    const list = byWallet.get(wallet)
    if (list) list.push(p)
    else byWallet.set(wallet, [p])
  }
  const wallets = [...new Set([...input.wallets.map((w) => w.toLowerCase()), ...byWallet.keys()])].sort()
  const failed = new Set<string>()
  for (const round of cascade.rounds) {
    for (const l of round.liquidations) failed.add(l.wallet.toLowerCase())
    for (const u of round.unmodelled) failed.add(u.wallet.toLowerCase())
  }
  const shocks = Object.fromEntries(Object.entries(shock).map(([f, m]) => [f, { spot: m - 1 }]))
  let portfolioFailed = 0
  let portfolioValue = 0
  for (const wallet of wallets) {
    if (!byWallet.has(wallet)) continue // nothing to liquidate
    const report = computeMargin({
      positions: byWallet.get(wallet) ?? [],
      prices,
      volatilities,
      params,
      now,
      shocks,
      model: 'portfolio',
      liquidationPrices: false,
      isolated: false,
    })
    if (report.health < 1) {
      portfolioFailed += 1
      portfolioValue += report.collateralValue
    }
  }
  return {
    ...cascade,
    markets: markets.map((m) => m.market),
    reasons: prepared.missing.prices.map((m) => `missing-price:${m.asset}@${m.chainId}`),
    comparison: {
      isolated: {
        wallets: wallets.length,
        walletsSurviving: wallets.length - failed.size,
        walletsLiquidated: failed.size,
        liquidatedValue: cascade.totals.seizedValue,
      },
      portfolio: {
        wallets: wallets.length,
        walletsSurviving: wallets.length - portfolioFailed,
        walletsLiquidated: portfolioFailed,
        liquidatedValue: portfolioValue,
      },
    },
  }
}

/**
 * A depth curve per factor that holds seized-able collateral (collateral-enabled supply), placed at
 * the book's price of the curve's asset (else of the factor's first collateral), in its decimals.
 */
function placeMarkets(
  book: PreparedBook,
  curves: ResolvedPriceImpact,
): { market: CascadeMarket; impact: PriceImpact }[] {
  const out: { market: CascadeMarket; impact: PriceImpact }[] = []
  book.factors.forEach((factor, index) => {
    const collateral = book.positions.filter(
      (p) => p.factor === index && p.position.kind === 'supply' && p.position.collateral && p.price > 0,
    )
    const curve = curves[factor]
    // No collateral of the factor: nothing of it is ever seized. No curve: simulateCascade names the
    // factor (MissingPriceImpactError) when it has to sell some.
    if (collateral.length === 0 || !curve) return
    const reference = collateral.find((p) => p.position.asset === curve.asset) ?? collateral[0]!
    const assetDecimals = reference.position.decimals
    const price = reference.price
    const depth = depthCurveFromTwoPercentDepth({
      twoPercentDepth: curve.twoPercentDepthUsd,
      price,
      assetDecimals,
      feePips: curve.feePips,
    })
    const state = placeDepthCurve({
      curve: depth,
      price: { value: BigInt(Math.round(price * 10 ** PRICE_DECIMALS)), decimals: PRICE_DECIMALS },
      assetDecimals,
      quoteDecimals: QUOTE_DECIMALS,
    })
    out.push({
      market: { ...curve, price, depth: depth.depth, assetDecimals },
      impact: createPriceImpact({ kind: 'depth-curve', state, assetDecimals, quoteDecimals: QUOTE_DECIMALS }),
    })
  })
  return out
}

/** The plain-data input of a Cover-2 computation. */
export type CoverTwoTaskInput = {
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities: readonly Volatility[]
  params: RiskParameters
  now: number
  scenarios: readonly CoverTwoScenario[]
}

/**
 * Cover-2 over stored positions: one book of every wallet, `coverTwo` over the scenarios (each
 * scenario's shock restricted to the factors the book holds).
 *
 * @example
 * runCoverTwo({ positions, prices, volatilities: [], params, now, scenarios: [{ name: 'ETH −40%', shock: { ETH: 0.6 } }] }).fund
 */
export function runCoverTwo(input: CoverTwoTaskInput): CoverTwoReturnType {
  const { positions, prices, volatilities, params, now } = input
  const { book } = prepareInputs({ positions, prices, volatilities, params, now })
  const scenarios = input.scenarios.map((s) => ({
    name: s.name,
    shock: Object.fromEntries(Object.entries(s.shock).filter(([f]) => book.factors.includes(f))),
  }))
  return coverTwo({ book, scenarios })
}
