import {
  defaultRiskParameters,
  type Position,
  type Price,
  type RiskParameters,
  type Volatility,
} from '@xmargin/core'
import type { FactorShocks, PreparedBook } from './book.js'
import { isolatedFigures } from './isolated.js'
import {
  basisLiquidationPrices,
  noBasisLiquidations,
  noLiquidationPrices,
  liquidationPrices as solveLiquidationPrices,
} from './liquidation-prices.js'
import { createEvaluator } from './models/evaluator.js'
import { type ModelDefinition, models } from './models/index.js'
import type { ModelFigures, ModelName } from './models/model.js'
import { moveAsset, prepareInputs, subBook } from './prepare-inputs.js'
import type { ChainReadBlocks, MarginReport, MarginStatus, PositionReport, VenueStatus } from './report.js'
import { sortInPlace } from './sort-in-place.js'
import { venueLines } from './venues/venue-lines.js'

/** Parameters of {@link computeMargin}. */
export type ComputeMarginParameters = {
  positions: readonly Position[]
  prices: readonly Price[]
  /**
   * Implied vols per underlying (flat or per expiry); needed for options. One with `updatedAt` ages
   * like a price (`maxPriceAge`): stale, it makes a material option's report UNKNOWN
   * (`stale-volatility:ETH@<expiry>`).
   */
  volatilities?: readonly Volatility[] | undefined
  /** Validated risk parameters; defaults to `defaultRiskParameters`. */
  params?: RiskParameters | undefined
  /** Default `portfolio`. */
  model?: ModelName | undefined
  /** Current time, unix seconds: price ages and option expiries are measured against it. */
  now: number
  /** Factor shocks applied before valuation (stress tests). */
  shocks?: FactorShocks | undefined
  /** Solve liquidation prices (default true; the costliest part for option books). */
  liquidationPrices?: boolean | undefined
  /** Compute the isolated per-(chain, venue) figures (default true). */
  isolated?: boolean | undefined
}

/** Return type of {@link computeMargin}. */
export type ComputeMarginReturnType = MarginReport

function sumValues(book: PreparedBook): { equity: number; collateral: number } {
  let equity = 0
  let collateral = 0
  for (const p of book.positions) {
    equity += p.value
    if (p.collateral) collateral += p.value
  }
  return { equity, collateral }
}

/**
 * Health = E / MM, floored at 0: 1 is the liquidation line (E = MM). +Infinity (unbounded; the API
 * shows null) when MM = 0 and E ≥ 0. A ratio of the two figures the status compares, so it moves
 * with risk: whatever raises MM without adding equity lowers it, and removing a hedge (a position
 * whose maintenance contribution is negative) raises MM and lowers it.
 */
export function healthOf(equity: number, maintenanceMargin: number): number {
  if (maintenanceMargin > 0) return Math.max(0, equity / maintenanceMargin)
  return equity >= 0 ? Number.POSITIVE_INFINITY : 0
}

function statusOf(figures: ModelFigures, equity: number): Exclude<MarginStatus, 'UNKNOWN'> {
  if (figures.status) return figures.status
  if (equity >= figures.initialMargin) return 'HEALTHY'
  if (equity >= figures.maintenanceMargin) return 'WARNING'
  return 'LIQUIDATABLE'
}

/**
 * Computes one margin report for a book of positions across chains and venues. Pure: no I/O, no
 * clock (`now` is passed in), seeded randomness; permuting `positions` gives a bit-identical
 * report. Raw bigint amounts are converted to float once; risk math is float64 in a fixed order;
 * Aave figures are exact integers.
 *
 * @example
 * const report = computeMargin({
 *   positions: [
 *     { id: 'a', kind: 'spot', chainId: 1, venue: 'wallet', wallet: '0xabc…', asset: 'WETH',
 *       amount: 10n ** 19n, decimals: 18, blockNumber: 100n },
 *     { id: 'b', kind: 'perp', chainId: 42161, venue: 'perp', wallet: '0xabc…', asset: 'ETH',
 *       amount: -10n ** 19n, decimals: 18, entryPrice: { value: 3000_00000000n, decimals: 8 },
 *       funding: { value: 0n, decimals: 6 }, blockNumber: 200n },
 *   ],
 *   prices: [
 *     { asset: 'WETH', chainId: 1, value: 3000_00000000n, decimals: 8, updatedAt: 1_700_000_000, source: 'chainlink:ETH/USD' },
 *     { asset: 'ETH', chainId: 42161, value: 3000_00000000n, decimals: 8, updatedAt: 1_700_000_000, source: 'chainlink:ETH/USD' },
 *   ],
 *   now: 1_700_000_060,
 * })
 * report.status // 'HEALTHY'
 */
export function computeMargin(parameters: ComputeMarginParameters): ComputeMarginReturnType {
  const params = parameters.params ?? defaultRiskParameters
  const modelName = parameters.model ?? 'portfolio'
  const definition = models[modelName]
  const prepared = prepareInputs({
    positions: parameters.positions,
    prices: parameters.prices,
    volatilities: parameters.volatilities,
    params,
    now: parameters.now,
    shocks: parameters.shocks,
  })
  const fullBook = prepared.book
  const book = modelName === 'portfolio' ? fullBook : subBook(fullBook, definition.covers)
  const evaluator = createEvaluator(definition, book)
  const figures = evaluator.figures
  const { equity, collateral } = sumValues(book)

  const statusReasons: string[] = []
  for (const m of prepared.missing.prices) statusReasons.push(`missing-price:${m.asset}@${m.chainId}`)
  for (const m of prepared.missing.volatilities)
    statusReasons.push(`missing-volatility:${m.asset}@${m.expiry}`)
  let staleReasons: Set<string> | undefined
  for (const p of book.positions) {
    if (!p.materiallyStale) continue
    staleReasons ??= new Set()
    if (p.priceStale) staleReasons.add(`stale-price:${p.feed.asset}@${p.feed.chainId}`)
    if (p.option?.volatilityStale && p.position.kind === 'option')
      staleReasons.add(`stale-volatility:${p.position.asset}@${p.position.expiry}`)
  }
  if (staleReasons) for (const reason of staleReasons) statusReasons.push(reason)

  const positions: PositionReport[] = book.positions.map((p, i) => {
    const charge = figures.charges[i]!
    return {
      id: p.position.id,
      chainId: p.position.chainId,
      venue: p.position.venue,
      wallet: p.position.wallet,
      asset: p.position.asset,
      kind: p.position.kind,
      factor: book.factors[p.factor]!,
      quantity: p.quantity,
      price: p.price,
      value: p.value,
      exposure: p.exposure,
      impliedVolatility: p.option ? p.option.sigma : null,
      stale: p.stale,
      haircutIm: charge.haircutIm,
      riskIm: charge.riskIm,
      contingencyIm: charge.contingencyIm,
      initialMargin: charge.haircutIm + charge.riskIm + charge.contingencyIm,
      maintenanceMargin: charge.haircutMm + charge.riskMm + charge.contingencyMm,
    }
  })
  const excluded: MarginReport['excluded'] = prepared.excluded.map((e) => ({
    id: e.position.id,
    reason: e.reason,
  }))
  if (book !== fullBook) {
    const kept = new Set(book.positions)
    for (const p of fullBook.positions)
      if (!kept.has(p)) excluded.push({ id: p.position.id, reason: 'not-modelled' })
  }

  const venues = venueLines({
    book: fullBook,
    spotOf: referenceSpots(fullBook, parameters.prices),
    liquidationPrices: parameters.liquidationPrices,
  })

  return {
    model: modelName,
    status: statusReasons.length > 0 ? 'UNKNOWN' : withVenues(statusOf(figures, equity), venues.status),
    statusReasons,
    equity,
    collateralValue: collateral,
    adjustedCollateral: collateral - figures.haircutIm,
    initialMargin: figures.initialMargin,
    maintenanceMargin: figures.maintenanceMargin,
    freeCollateral: equity - figures.initialMargin,
    health: figures.health ?? healthOf(equity, figures.maintenanceMargin),
    breakdown: {
      haircutIm: figures.haircutIm,
      haircutMm: figures.haircutMm,
      riskIm: figures.riskIm,
      riskMm: figures.riskMm,
      contingencyIm: figures.contingencyIm,
      contingencyMm: figures.contingencyMm,
    },
    worstScenarios: figures.worstScenarios,
    liquidationPrices:
      parameters.liquidationPrices === false
        ? []
        : evaluator.liabilityFree
          ? noLiquidationPrices(book, (f) => referenceSpot(book, parameters.prices, f))
          : solveLiquidationPrices(
              book,
              (f) => evaluator.surplus(f),
              (f) => referenceSpot(book, parameters.prices, f),
            ),
    basisLiquidations:
      parameters.liquidationPrices === false
        ? []
        : evaluator.liabilityFree
          ? noBasisLiquidations(book)
          : basisLiquidationPrices(book, (asset, factor) =>
              evaluator.assetSurplus
                ? evaluator.assetSurplus(factor, asset)
                : basisSurplus(definition, book, equity, figures, asset),
            ),
    positions,
    excluded,
    venues: venues.lines,
    venueStatus: venues.status,
    bindingVenue: venues.binding,
    isolated: parameters.isolated === false ? emptyIsolated() : isolatedFigures(book, evaluator),
    freshness: {
      now: parameters.now,
      chains: chainFreshness(parameters.positions, prepared.prices),
      prices: prepared.prices,
    },
    missing: prepared.missing,
  }
}

/** E − MM of the book with one asset's prices moved by a ratio (the model re-run on the moved book). */
function basisSurplus(
  definition: ModelDefinition,
  book: PreparedBook,
  equity: number,
  figures: ModelFigures,
  asset: string,
): (ratio: number) => number {
  return (ratio) => {
    if (ratio === 1) return equity - figures.maintenanceMargin
    const moved = moveAsset(book, asset, ratio)
    return sumValues(moved).equity - definition.run(moved).maintenanceMargin
  }
}

/** A venue that liquidates now makes the status LIQUIDATABLE; a breached venue check caps it at WARNING. */
function withVenues(
  status: Exclude<MarginStatus, 'UNKNOWN'>,
  venueStatus: VenueStatus,
): Exclude<MarginStatus, 'UNKNOWN'> {
  if (venueStatus === 'LIQUIDATABLE') return 'LIQUIDATABLE'
  if (venueStatus === 'BREACHED' && status === 'HEALTHY') return 'WARNING'
  return status
}

/**
 * {@link referenceSpot} of a book as a function of the factor. Made by a function that returns the
 * closure: tsx runs the sources with esbuild's `keepNames`, which wraps a closure that would get a
 * name (`spotOf: (f) => …`) in a `defineProperty` call — about 3% of a linear book's report.
 */
function referenceSpots(
  book: PreparedBook,
  prices: readonly Price[],
): (f: number) => { asset: string; spot: number } {
  return (f) => referenceSpot(book, prices, f)
}

function referenceSpot(
  book: PreparedBook,
  prices: readonly Price[],
  f: number,
): { asset: string; spot: number } {
  const asset = book.factorParameters[f]!.referenceAsset
  const own = book.positions.find((p) => p.factor === f && p.position.asset === asset)
  if (own) return { asset, spot: own.price }
  const first = book.positions.find((p) => p.factor === f)!
  // Reference price from the feeds, moved by the same shock as the book's positions of this factor.
  let best: Price | undefined
  for (const price of prices) {
    if (price.asset !== asset) continue
    if (
      !best ||
      price.updatedAt > best.updatedAt ||
      (price.updatedAt === best.updatedAt && price.chainId < best.chainId)
    ) {
      best = price
    }
  }
  const feed = first.feed
  if (!best) return { asset: first.position.asset, spot: first.price }
  const ratio = first.price / (Number(feed.value) / 10 ** feed.decimals)
  return { asset, spot: (Number(best.value) / 10 ** best.decimals) * ratio }
}

function emptyIsolated(): MarginReport['isolated'] {
  return { buckets: [], initialMargin: 0, maintenanceMargin: 0, capitalSaved: 0 }
}

function chainFreshness(
  positions: readonly Position[],
  prices: MarginReport['freshness']['prices'],
): ChainReadBlocks[] {
  // A scan of the few chains of a book, sorted at the end.
  const chains: ChainReadBlocks[] = []
  for (const position of positions) {
    const { chainId, blockNumber } = position
    let entry: ChainReadBlocks | undefined
    for (const chain of chains) if (chain.chainId === chainId) entry = chain
    if (!entry) {
      chains.push({
        chainId,
        minBlockNumber: blockNumber,
        maxBlockNumber: blockNumber,
        oldestPriceAgeSeconds: null,
      })
    } else {
      if (blockNumber < entry.minBlockNumber) entry.minBlockNumber = blockNumber
      if (blockNumber > entry.maxBlockNumber) entry.maxBlockNumber = blockNumber
    }
  }
  for (const price of prices) {
    for (const entry of chains) {
      if (entry.chainId !== price.chainId) continue
      entry.oldestPriceAgeSeconds = Math.max(entry.oldestPriceAgeSeconds ?? 0, price.ageSeconds)
    }
  }
  return sortInPlace(chains, compareChains)
}

function compareChains(a: ChainReadBlocks, b: ChainReadBlocks): number {
  return a.chainId - b.chainId
}
