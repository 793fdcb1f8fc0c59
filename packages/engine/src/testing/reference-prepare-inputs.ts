/**
 * Input preparation as first written (Maps for prices, ids and factors, builtin sorts, bigint
 * division past 2^53, separate Black-76 price and delta), kept as the test oracle of
 * `prepareInputs`: every prepared figure must be bit-identical to it.
 */
import {
  buildCorrelationMatrix,
  type FactorId,
  type Position,
  type Price,
  priceAgeLimit,
  priceFeedKind,
  type RiskParameters,
  UnknownAssetError,
  type Volatility,
} from '@xmargin/core'
import { black76Delta, black76Price } from '../black76.js'
import type {
  FactorShocks,
  MissingInputs,
  PreparedBook,
  PreparedInputs,
  PreparedOption,
  PreparedPosition,
  PriceFreshness,
} from '../book.js'
import { InvalidPositionError } from '../errors.js'

/** A prepared position as the reference makes it: without `feed` (see `rawPrices`). */
export type ReferencePreparedPosition = Omit<PreparedPosition, 'feed'>

/** What the reference returns: the book with a map from position id to feed price. */
export type ReferencePreparedInputs = Omit<PreparedInputs, 'book'> & {
  book: Omit<PreparedBook, 'positions'> & {
    positions: ReferencePreparedPosition[]
    rawPrices: ReadonlyMap<string, Price>
  }
}

const SECONDS_PER_YEAR = 365 * 24 * 3600
const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i)
const POW10N = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i))
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)

/** bigint → float64 once, at the boundary: exact integer, single rounding when it fits 2^53. */
function fixedToNumber(value: bigint, decimals: number): number {
  if (value <= SAFE && value >= -SAFE) return Number(value) / (POW10[decimals] ?? 10 ** decimals)
  const unit = POW10N[decimals] ?? 10n ** BigInt(decimals)
  return Number(value / unit) + Number(value % unit) / Number(unit)
}

function compareText(a: string, b: string): number {
  return a === b ? 0 : a < b ? -1 : 1
}

/** Total order on positions used everywhere: the engine's output never depends on input order. */
function comparePositions(a: Position, b: Position): number {
  return (
    compareText(a.id, b.id) ||
    a.chainId - b.chainId ||
    compareText(a.venue, b.venue) ||
    compareText(a.wallet.toLowerCase(), b.wallet.toLowerCase()) ||
    compareText(a.kind, b.kind) ||
    compareText(a.asset, b.asset) ||
    (a.amount < b.amount ? -1 : a.amount > b.amount ? 1 : 0) ||
    compareText(canonical(a), canonical(b))
  )
}

function canonical(position: Position): string {
  return JSON.stringify(position, (_, value: unknown) =>
    typeof value === 'bigint' ? value.toString() : value,
  )
}

const correlationCache = new WeakMap<RiskParameters, Map<string, number[][]>>()

function correlationFor(params: RiskParameters, factors: readonly FactorId[]): number[][] {
  let byKey = correlationCache.get(params)
  if (!byKey) {
    byKey = new Map()
    correlationCache.set(params, byKey)
  }
  const key = factors.join('\u0000')
  let matrix = byKey.get(key)
  if (!matrix) {
    matrix = buildCorrelationMatrix({ factors, correlations: params.correlations })
    byKey.set(key, matrix)
  }
  return matrix
}

/** Parameters of {@link prepareInputs}. */
type PrepareInputsParameters = {
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities?: readonly Volatility[] | undefined
  params: RiskParameters
  now: number
  shocks?: FactorShocks | undefined
}

/** The preferred price of an asset on each chain and across chains, with its float value. */
type AssetPrices = { byChain: Map<number, Price>; best: Price }
type PriceIndex = { byAsset: Map<string, AssetPrices>; spot: Map<Price, number> }

function indexPrices(prices: readonly Price[]): PriceIndex {
  const byAsset = new Map<string, AssetPrices>()
  const spot = new Map<Price, number>()
  for (const price of prices) {
    spot.set(price, fixedToNumber(price.value, price.decimals))
    const entry = byAsset.get(price.asset)
    if (!entry) {
      byAsset.set(price.asset, { byChain: new Map([[price.chainId, price]]), best: price })
      continue
    }
    const previous = entry.byChain.get(price.chainId)
    if (!previous || isPreferred(price, previous)) entry.byChain.set(price.chainId, price)
    if (isPreferred(price, entry.best)) entry.best = price
  }
  return { byAsset, spot }
}

const priceIndexCache = new WeakMap<readonly Price[], PriceIndex>()

/** Memoised per prices array (batches reuse one array); prices are treated as immutable. */
function cachedPriceIndex(prices: readonly Price[]): PriceIndex {
  let index = priceIndexCache.get(prices)
  if (!index) {
    index = indexPrices(prices)
    priceIndexCache.set(prices, index)
  }
  return index
}

/** Fresher first, then lower chain id, then source name, then value: a total, order-free choice. */
function isPreferred(a: Price, b: Price): boolean {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt
  if (a.chainId !== b.chainId) return a.chainId < b.chainId
  if (a.source !== b.source) return a.source < b.source
  return fixedToNumber(a.value, a.decimals) < fixedToNumber(b.value, b.decimals)
}

function volatilityFor(
  volatilities: readonly Volatility[],
  asset: string,
  expiry: number,
): Volatility | undefined {
  const exact = volatilities.find((v) => v.asset === asset && v.expiry === expiry)
  if (exact) return exact
  let flat: Volatility | undefined
  for (const volatility of volatilities) {
    if (volatility.asset !== asset || volatility.expiry !== undefined) continue
    if (flat === undefined || volatility.value > flat.value) flat = volatility
  }
  return flat
}

function checkPosition(position: Position): void {
  if (!Number.isInteger(position.decimals) || position.decimals < 0 || position.decimals > 36) {
    throw new InvalidPositionError(position.id, `decimals ${position.decimals} outside [0, 36]`)
  }
  if (
    (position.kind === 'spot' || position.kind === 'supply' || position.kind === 'debt') &&
    position.amount < 0n
  ) {
    throw new InvalidPositionError(position.id, `${position.kind} amount must be non-negative`)
  }
  if (position.kind === 'option' && position.strike.value <= 0n) {
    throw new InvalidPositionError(position.id, 'strike must be positive')
  }
}

/**
 * Reference input preparation. Converts raw inputs into a prepared book: sorts positions into the canonical order,
 * resolves each position's price (same chain first, else the freshest price of the asset), its
 * factor and haircut parameters, converts bigints to float exactly once, applies stress shocks,
 * and records missing or stale inputs.
 *
 * @example
 * const { book } = referencePrepareInputs({ positions, prices, params, now })
 */
export function referencePrepareInputs(parameters: PrepareInputsParameters): ReferencePreparedInputs {
  const { params, now } = parameters
  const shocks = parameters.shocks ?? {}
  const volatilities = parameters.volatilities ?? []
  const sorted = [...parameters.positions].sort(comparePositions)
  const priceIndex = cachedPriceIndex(parameters.prices)
  const missing: MissingInputs = { prices: [], volatilities: [] }
  const excluded: PreparedInputs['excluded'] = []
  const usedPrices = new Map<Price, PriceFreshness>()
  const rawPrices = new Map<string, Price>()
  const factorSet = new Set<FactorId>()

  const drafts: ReferencePreparedPosition[] = []
  const draftFactors: FactorId[] = []

  for (const position of sorted) {
    checkPosition(position)
    const assetParams = params.assets[position.asset]
    if (!assetParams) throw new UnknownAssetError(position.asset, { details: `Position "${position.id}".` })
    const factorId = assetParams.factor
    const factorParams = params.factors[factorId]
    if (!factorParams)
      throw new UnknownAssetError(position.asset, { details: `Factor "${factorId}" is not defined.` })
    const assetPrices = priceIndex.byAsset.get(position.asset)
    const price = assetPrices && (assetPrices.byChain.get(position.chainId) ?? assetPrices.best)
    if (!price) {
      missing.prices.push({ positionId: position.id, asset: position.asset, chainId: position.chainId })
      excluded.push({ position, reason: 'missing-price' })
      continue
    }
    if (position.kind === 'supply' && !position.collateral) {
      excluded.push({ position, reason: 'not-collateral' })
      continue
    }
    rawPrices.set(position.id, price)
    let freshness = usedPrices.get(price)
    if (!freshness) {
      const maxAge = priceAgeLimit({
        maxPriceAge: params.maxPriceAge,
        kind: priceFeedKind(params, price.asset),
        source: price.source,
        heartbeatSeconds: price.heartbeatSeconds,
      })
      const age = Math.max(0, now - price.updatedAt)
      freshness = {
        asset: price.asset,
        chainId: price.chainId,
        source: price.source,
        updatedAt: price.updatedAt,
        ageSeconds: age,
        maxAgeSeconds: maxAge,
        stale: age > maxAge,
      }
      usedPrices.set(price, freshness)
    }
    const shock = shocks[factorId]
    const spot = priceIndex.spot.get(price)! * (1 + (shock?.spot ?? 0))
    const amount = fixedToNumber(position.amount, position.decimals)
    let quantity = amount
    let value = 0
    let exposure = 0
    let entry = 0
    let funding = 0
    let option: PreparedOption | undefined
    switch (position.kind) {
      case 'spot':
      case 'supply':
        value = amount * spot
        exposure = value
        break
      case 'debt':
        quantity = -amount
        value = quantity * spot
        exposure = value
        break
      case 'perp':
        entry = fixedToNumber(position.entryPrice.value, position.entryPrice.decimals)
        funding = fixedToNumber(position.funding.value, position.funding.decimals)
        value = amount * (spot - entry) + funding
        exposure = amount * spot
        break
      case 'option': {
        const t = Math.max(0, position.expiry - now) / SECONDS_PER_YEAR
        const volatility = volatilityFor(volatilities, position.asset, position.expiry)
        const known = volatility?.value
        if (known === undefined) {
          missing.volatilities.push({
            positionId: position.id,
            asset: position.asset,
            expiry: position.expiry,
          })
        }
        const sigma = (known ?? factorParams.volatility) * Math.max(0, 1 + (shock?.vol ?? 0))
        const days = (t * SECONDS_PER_YEAR) / 86_400
        const call = position.right === 'call'
        const strike = fixedToNumber(position.strike.value, position.strike.decimals)
        option = {
          call,
          strike,
          t,
          sigma,
          m: (30 / Math.max(days, 1)) ** 0.3,
          volatilityKnown: known !== undefined,
          volatilityStale:
            volatility?.updatedAt !== undefined &&
            now - volatility.updatedAt >
              priceAgeLimit({
                maxPriceAge: params.maxPriceAge,
                kind: 'volatility',
                source: volatility.source,
                heartbeatSeconds: volatility.heartbeatSeconds,
              }),
        }
        const forward = spot * Math.exp(params.rate * t)
        value = amount * black76Price(forward, strike, t, sigma, params.rate, call)
        exposure = amount * black76Delta(forward, strike, t, sigma, params.rate, call) * forward
        break
      }
    }
    factorSet.add(factorId)
    const collateral = position.kind === 'spot' || position.kind === 'supply'
    draftFactors.push(factorId)
    drafts.push({
      position,
      factor: 0,
      quantity,
      price: spot,
      value,
      exposure,
      collateral,
      liability: !collateral,
      entry,
      funding,
      option,
      stale: freshness.stale || option?.volatilityStale === true,
      priceStale: freshness.stale,
      materiallyStale:
        (freshness.stale || option?.volatilityStale === true) &&
        Math.abs(value) >= params.staleMaterialityUsd,
      haircuts: assetParams.haircuts,
      bridgedAddOn: assetParams.bridgedAddOn?.[position.chainId] ?? 0,
      basis: assetParams.basis ?? 0,
    })
  }

  const factors = [...factorSet].sort()
  const factorIndex = new Map(factors.map((factor, i) => [factor, i]))
  const positions: ReferencePreparedPosition[] = drafts
  for (let i = 0; i < drafts.length; i++) drafts[i]!.factor = factorIndex.get(draftFactors[i]!) ?? 0
  const book: ReferencePreparedInputs['book'] = {
    positions,
    factors,
    factorParameters: factors.map((factor) => params.factors[factor]!),
    correlation: correlationFor(params, factors),
    params,
    now,
    rate: params.rate,
    rawPrices,
  }
  const prices = [...usedPrices.values()].sort(
    (a, b) => a.chainId - b.chainId || compareText(a.asset, b.asset) || compareText(a.source, b.source),
  )
  return { book, missing, prices, excluded }
}
