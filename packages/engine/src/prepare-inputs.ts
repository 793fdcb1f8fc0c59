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
import { black76Delta, black76Price, black76PriceAndDelta } from './black76.js'
import type {
  FactorShocks,
  MissingInputs,
  PreparedBook,
  PreparedInputs,
  PreparedOption,
  PreparedPosition,
  PriceFreshness,
} from './book.js'
import { comparePositions } from './compare-positions.js'
import { InvalidPositionError } from './errors.js'
import { fixedToNumber } from './fixed-to-number.js'
import { cachedPriceIndex, type IndexedPrice, type ResolvedAsset } from './price-index.js'
import { compareText, sortInPlace } from './sort-in-place.js'

const SECONDS_PER_YEAR = 365 * 24 * 3600

/** Correlation matrices per parameters, in a tree keyed by the sorted factor ids of a book. */
type CorrelationNode = { matrix: number[][] | undefined; next: Map<FactorId, CorrelationNode> }

const correlationCache = new WeakMap<RiskParameters, CorrelationNode>()

function correlationFor(params: RiskParameters, factors: readonly FactorId[]): number[][] {
  let root = correlationCache.get(params)
  if (!root) {
    root = { matrix: undefined, next: new Map() }
    correlationCache.set(params, root)
  }
  let node: CorrelationNode = root
  for (const factor of factors) {
    let child: CorrelationNode | undefined = node.next.get(factor)
    if (!child) {
      child = { matrix: undefined, next: new Map() }
      node.next.set(factor, child)
    }
    node = child
  }
  node.matrix ??= buildCorrelationMatrix({ factors, correlations: params.correlations })
  return node.matrix
}

/** Parameters of {@link prepareInputs}. */
export type PrepareInputsParameters = {
  positions: readonly Position[]
  prices: readonly Price[]
  volatilities?: readonly Volatility[] | undefined
  params: RiskParameters
  now: number
  shocks?: FactorShocks | undefined
}

/** Numbers each call, so that price index entries can tell whether this call has used them yet. */
let calls = 0
/** Premium and delta of an option (scratch of {@link black76PriceAndDelta}). */
const priced = new Float64Array(2)

/** The vol quoted for this expiry, else the highest flat vol of the asset. */
function volatilityFor(
  volatilities: readonly Volatility[],
  asset: string,
  expiry: number,
): Volatility | undefined {
  let flat: Volatility | undefined
  for (const volatility of volatilities) {
    if (volatility.asset !== asset) continue
    if (volatility.expiry === expiry) return volatility
    if (volatility.expiry === undefined && (flat === undefined || volatility.value > flat.value))
      flat = volatility
  }
  return flat
}

/** Whether a published vol is older than the price-age rule allows for its source. */
function isVolatilityStale(volatility: Volatility, params: RiskParameters, now: number): boolean {
  if (volatility.updatedAt === undefined) return false
  const maxAge = priceAgeLimit({
    maxPriceAge: params.maxPriceAge,
    kind: 'volatility',
    source: volatility.source,
    heartbeatSeconds: volatility.heartbeatSeconds,
  })
  return now - volatility.updatedAt > maxAge
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

/** The asset's parameters and its factor's; throws for an unknown asset or factor. */
function resolveAsset(params: RiskParameters, position: Position): ResolvedAsset {
  const asset = params.assets[position.asset]
  if (!asset) throw new UnknownAssetError(position.asset, { details: `Position "${position.id}".` })
  const factor = params.factors[asset.factor]
  if (!factor)
    throw new UnknownAssetError(position.asset, { details: `Factor "${asset.factor}" is not defined.` })
  return { asset, factor }
}

/** The freshness entry of a price for this call, made on its first use (in first-use order). */
function freshnessOf(
  entry: IndexedPrice,
  call: number,
  params: RiskParameters,
  now: number,
  used: PriceFreshness[],
): PriceFreshness {
  if (entry.usedBy === call) return entry.freshness!
  const price = entry.price
  if (entry.maxAgeParams !== params) {
    entry.maxAge = priceAgeLimit({
      maxPriceAge: params.maxPriceAge,
      kind: priceFeedKind(params, price.asset),
      source: price.source,
      heartbeatSeconds: price.heartbeatSeconds,
    })
    entry.maxAgeParams = params
  }
  const maxAge = entry.maxAge
  const age = Math.max(0, now - price.updatedAt)
  const freshness: PriceFreshness = {
    asset: price.asset,
    chainId: price.chainId,
    source: price.source,
    updatedAt: price.updatedAt,
    ageSeconds: age,
    maxAgeSeconds: maxAge,
    stale: age > maxAge,
  }
  entry.usedBy = call
  entry.freshness = freshness
  used.push(freshness)
  return freshness
}

function compareFreshness(a: PriceFreshness, b: PriceFreshness): number {
  return a.chainId - b.chainId || compareText(a.asset, b.asset) || compareText(a.source, b.source)
}

/**
 * Converts raw inputs into a {@link PreparedBook}: sorts positions into the canonical order,
 * resolves each position's price (same chain first, else the freshest price of the asset), its
 * factor and haircut parameters, converts bigints to float exactly once, applies stress shocks,
 * and records missing or stale inputs.
 */
export function prepareInputs(parameters: PrepareInputsParameters): PreparedInputs {
  const { params, now, shocks } = parameters
  const rate = params.rate
  const volatilities = parameters.volatilities ?? []
  const sorted = sortInPlace([...parameters.positions], comparePositions)
  const priceIndex = cachedPriceIndex(parameters.prices)
  const call = ++calls
  const missing: MissingInputs = { prices: [], volatilities: [] }
  const excluded: PreparedInputs['excluded'] = []
  const usedPrices: PriceFreshness[] = []
  const factors: FactorId[] = []
  const positions: PreparedPosition[] = []
  const positionFactors: FactorId[] = []

  for (const position of sorted) {
    checkPosition(position)
    const assetPrices = priceIndex.byAsset.get(position.asset)
    let resolved: ResolvedAsset
    if (assetPrices !== undefined && assetPrices.resolvedParams === params) resolved = assetPrices.resolved!
    else {
      resolved = resolveAsset(params, position)
      if (assetPrices !== undefined) {
        assetPrices.resolvedParams = params
        assetPrices.resolved = resolved
      }
    }
    const assetParams = resolved.asset
    const factorId = assetParams.factor
    const factorParams = resolved.factor
    const indexed = assetPrices && (assetPrices.byChain.get(position.chainId) ?? assetPrices.best)
    if (!indexed) {
      missing.prices.push({ positionId: position.id, asset: position.asset, chainId: position.chainId })
      excluded.push({ position, reason: 'missing-price' })
      continue
    }
    if (position.kind === 'supply' && !position.collateral) {
      excluded.push({ position, reason: 'not-collateral' })
      continue
    }
    const freshness = freshnessOf(indexed, call, params, now, usedPrices)
    const shock = shocks === undefined ? undefined : shocks[factorId]
    const spot = indexed.spot * (1 + (shock?.spot ?? 0))
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
        const isCall = position.right === 'call'
        const strike = fixedToNumber(position.strike.value, position.strike.decimals)
        option = {
          call: isCall,
          strike,
          t,
          sigma,
          m: (30 / Math.max(days, 1)) ** 0.3,
          volatilityKnown: known !== undefined,
          volatilityStale: volatility !== undefined && isVolatilityStale(volatility, params, now),
        }
        const forward = spot * Math.exp(rate * t)
        black76PriceAndDelta(forward, strike, t, sigma, rate, isCall, priced)
        value = amount * priced[0]!
        exposure = amount * priced[1]! * forward
        break
      }
    }
    // A scan of the few factors seen so far (no builtin call per position).
    let seen = 0
    while (seen < factors.length && factors[seen] !== factorId) seen++
    if (seen === factors.length) factors.push(factorId)
    const collateral = position.kind === 'spot' || position.kind === 'supply'
    positionFactors.push(factorId)
    positions.push({
      position,
      factor: 0,
      feed: indexed.price,
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

  sortInPlace(factors, compareText)
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!
    const factorId = positionFactors[i]!
    let f = 0
    while (factors[f] !== factorId) f++
    p.factor = f
    // Positions sharing an id (ids should be unique) are adjacent in the canonical order; the feed
    // looked up by id is the last one's, as a map from id to feed would keep it.
    const next = positions[i + 1]
    if (next !== undefined && next.position.id === p.position.id) {
      let last = i + 1
      while (positions[last + 1]?.position.id === p.position.id) last++
      for (let j = i; j < last; j++) positions[j]!.feed = positions[last]!.feed
    }
  }
  const book: PreparedBook = {
    positions,
    factors,
    factorParameters: factors.map((factor) => params.factors[factor]!),
    correlation: correlationFor(params, factors),
    params,
    now,
    rate,
  }
  return { book, missing, prices: sortInPlace(usedPrices, compareFreshness), excluded }
}

/** Returns a book restricted to some positions (same factors and parameters): isolated buckets. */
export function subBook(book: PreparedBook, keep: (position: PreparedPosition) => boolean): PreparedBook {
  return { ...book, positions: book.positions.filter(keep) }
}

/** Revalues the positions of one factor at `multiplier` × their price (liquidation search). */
export function moveFactor(book: PreparedBook, factor: number, multiplier: number): PreparedBook {
  const rate = book.rate
  return {
    ...book,
    positions: book.positions.map((p) => {
      if (p.factor !== factor) return p
      const price = p.price * multiplier
      return { ...p, price, ...valueAt(p, price, rate) }
    }),
  }
}

/**
 * The book with one asset's prices multiplied (on every chain), the rest of its factor unchanged:
 * a basis move (wstETH against ETH, USDC.e against USDC). Positions on the asset are revalued.
 *
 * @example
 * const moved = moveAsset(book, 'wstETH', 0.9) // wstETH −10% against ETH
 */
export function moveAsset(book: PreparedBook, asset: string, multiplier: number): PreparedBook {
  const rate = book.rate
  return {
    ...book,
    positions: book.positions.map((p) => {
      if (p.position.asset !== asset) return p
      const price = p.price * multiplier
      return { ...p, price, ...valueAt(p, price, rate) }
    }),
  }
}

/** Value and dollar delta of a prepared position at another price. */
export function valueAt(
  p: PreparedPosition,
  price: number,
  rate: number,
): { value: number; exposure: number } {
  switch (p.position.kind) {
    case 'perp':
      return { value: p.quantity * (price - p.entry) + p.funding, exposure: p.quantity * price }
    case 'option': {
      const o = p.option!
      const forward = price * Math.exp(rate * o.t)
      return {
        value: p.quantity * black76Price(forward, o.strike, o.t, o.sigma, rate, o.call),
        exposure: p.quantity * black76Delta(forward, o.strike, o.t, o.sigma, rate, o.call) * forward,
      }
    }
    default:
      return { value: p.quantity * price, exposure: p.quantity * price }
  }
}
