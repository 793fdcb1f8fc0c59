import type { AssetRiskParameters, FactorRiskParameters, Price, RiskParameters } from '@xmargin/core'
import type { PriceFreshness } from './book.js'
import { fixedToNumber } from './fixed-to-number.js'

/**
 * One input price with its float value, converted once per prices array. `usedBy`/`freshness`
 * are per-call working fields of `prepareInputs` (the call that last used this price and the
 * freshness entry it made), so that a report needs no map from prices to their freshness.
 */
export type IndexedPrice = {
  price: Price
  spot: number
  usedBy: number
  freshness: PriceFreshness | undefined
  /** The maximum age of this price's source under `maxAgeParams` (a one-entry cache). */
  maxAgeParams: RiskParameters | undefined
  maxAge: number
}

/** An asset's risk parameters and its factor's, as resolved under some parameters. */
export type ResolvedAsset = { asset: AssetRiskParameters; factor: FactorRiskParameters }

/**
 * The preferred price of an asset on each chain and across chains, and the asset's parameters as
 * last resolved (`resolvedParams`: a one-entry cache, batches use one set of parameters).
 */
export type AssetPrices = {
  byChain: Map<number, IndexedPrice>
  best: IndexedPrice
  resolvedParams: RiskParameters | undefined
  resolved: ResolvedAsset | undefined
}

/** Prices by asset. */
export type PriceIndex = { byAsset: Map<string, AssetPrices> }

/** Fresher first, then lower chain id, then source name, then value: a total, order-free choice. */
function isPreferred(a: Price, b: Price): boolean {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt
  if (a.chainId !== b.chainId) return a.chainId < b.chainId
  if (a.source !== b.source) return a.source < b.source
  return fixedToNumber(a.value, a.decimals) < fixedToNumber(b.value, b.decimals)
}

function indexPrices(prices: readonly Price[]): PriceIndex {
  const byAsset = new Map<string, AssetPrices>()
  // One entry per distinct price object, however often the array holds it.
  const entries = new Map<Price, IndexedPrice>()
  for (const price of prices) {
    let entry = entries.get(price)
    if (!entry) {
      entry = {
        price,
        spot: fixedToNumber(price.value, price.decimals),
        usedBy: 0,
        freshness: undefined,
        maxAgeParams: undefined,
        maxAge: 0,
      }
      entries.set(price, entry)
    }
    const assetPrices = byAsset.get(price.asset)
    if (!assetPrices) {
      byAsset.set(price.asset, {
        byChain: new Map([[price.chainId, entry]]),
        best: entry,
        resolvedParams: undefined,
        resolved: undefined,
      })
      continue
    }
    const previous = assetPrices.byChain.get(price.chainId)
    if (!previous || isPreferred(price, previous.price)) assetPrices.byChain.set(price.chainId, entry)
    if (isPreferred(price, assetPrices.best.price)) assetPrices.best = entry
  }
  return { byAsset }
}

const priceIndexCache = new WeakMap<readonly Price[], PriceIndex>()

/**
 * The index of a prices array, memoised per array (batches reuse one array); prices are treated
 * as immutable.
 *
 * @example
 * const entry = cachedPriceIndex(prices).byAsset.get('WETH')?.byChain.get(1)
 */
export function cachedPriceIndex(prices: readonly Price[]): PriceIndex {
  let index = priceIndexCache.get(prices)
  if (!index) {
    index = indexPrices(prices)
    priceIndexCache.set(prices, index)
  }
  return index
}
