import type { ComputeMarginParameters } from '@xmargin/engine'

/*
 * The values engine workers keep between tasks, both sides: the calling thread gives each frozen
 * position, prices array and vols array a key (keptKeysOf); a worker keeps what a whole message
 * brought under those keys (keepKept) and puts them back into a light one (restoreKept). See
 * `EngineWorkerMessage` in engine-task.ts for the protocol.
 */

/**
 * Keys the calling thread gave a book input's values, each naming one frozen value for good (the
 * store's kept reads are deeply frozen, and so are the request's prices and vols): a key per
 * position, one for the prices array and one for the vols array; null where a value is not frozen
 * (it is then always sent). A batch of 1,000 wallets was ~650 KB to clone per request without them.
 */
export type KeptInputKeys = {
  positions: readonly number[] | null
  prices: number | null
  volatilities: number | null
}

/** A book input: what the kinds a worker may run from kept values compute on. */
export type EngineBookInput = Pick<
  ComputeMarginParameters,
  'params' | 'positions' | 'prices' | 'volatilities'
>

// Each frozen position and prices or vols array gets a key once per process (see KeptInputKeys): a
// frozen value cannot change, so its key names the same content for good.
const keptKeys = new WeakMap<object, number>()
let keptCount = 0
/** How many keys were made so far: a task whose keys moved it has values no worker can keep yet. */
export const keptKeyCount = () => keptCount
const keyOf = (value: object): number | undefined => {
  let key = keptKeys.get(value)
  if (key === undefined) {
    if (!Object.isFrozen(value)) return undefined
    key = ++keptCount
    keptKeys.set(value, key)
  }
  return key
}
// A list is keyed once it and every item are frozen (checked once: a frozen list keeps its items).
const listKeyOf = (values: readonly object[]): number | null =>
  keptKeys.get(values) ??
  (values.length > 0 && Object.isFrozen(values) && values.every(Object.isFrozen)
    ? (keyOf(values) ?? null)
    : null)

/**
 * The keys of a book input's frozen values (null when none is frozen): what a worker may keep.
 *
 * @example
 * keptKeysOf({ positions: frozenPositions, prices: frozenPrices }) // { positions: [1, 2], prices: 3, volatilities: null }
 */
export function keptKeysOf(input: EngineBookInput): KeptInputKeys | null {
  const positions: number[] = []
  for (const position of input.positions) {
    const key = keyOf(position)
    if (key === undefined) break
    positions.push(key)
  }
  const keys = {
    positions: positions.length === input.positions.length && positions.length > 0 ? positions : null,
    prices: listKeyOf(input.prices),
    volatilities: input.volatilities ? listKeyOf(input.volatilities) : null,
  }
  return keys.positions || keys.prices !== null || keys.volatilities !== null ? keys : null
}

/**
 * Positions, and prices and vols arrays, a worker has received, by their keys (the least recently
 * used dropped first: the store's answers change at every database change, so old keys are never
 * asked for again).
 */
const positionsByKey = new Map<number, EngineBookInput['positions'][number]>()
const marketsByKey = new Map<
  number,
  EngineBookInput['prices'] | NonNullable<EngineBookInput['volatilities']>
>()
/** Most positions a worker keeps (a few MB); a batch with more than half of it is sent whole. */
export const MAX_KEPT_POSITIONS = 50_000
const MAX_KEPT_MARKETS = 16

const keep = <K, V>(map: Map<K, V>, key: K, value: V, max: number) => {
  map.delete(key) // to the end of the map's order: the most recently used
  map.set(key, value)
  while (map.size > max) map.delete(map.keys().next().value as K)
}

/** Puts a light input's kept values back in place; false when one is not kept (ask for it whole). */
export function restoreKept(input: EngineBookInput, keys: KeptInputKeys): boolean {
  if (keys.positions) {
    const positions: EngineBookInput['positions'][number][] = []
    for (const key of keys.positions) {
      const position = positionsByKey.get(key)
      if (!position) return false
      keep(positionsByKey, key, position, MAX_KEPT_POSITIONS)
      positions.push(position)
    }
    input.positions = positions
  }
  if (keys.prices !== null) {
    const prices = marketsByKey.get(keys.prices)
    if (!prices) return false
    input.prices = prices as EngineBookInput['prices']
  }
  if (keys.volatilities !== null) {
    const volatilities = marketsByKey.get(keys.volatilities)
    if (!volatilities) return false
    input.volatilities = volatilities as EngineBookInput['volatilities']
  }
  return true
}

/** Keeps a whole input's values under their keys. */
export function keepKept(input: EngineBookInput, keys: KeptInputKeys): void {
  if (keys.positions)
    for (const [i, key] of keys.positions.entries())
      keep(positionsByKey, key, input.positions[i]!, MAX_KEPT_POSITIONS)
  if (keys.prices !== null) keep(marketsByKey, keys.prices, input.prices, MAX_KEPT_MARKETS)
  if (keys.volatilities !== null && input.volatilities)
    keep(marketsByKey, keys.volatilities, input.volatilities, MAX_KEPT_MARKETS)
}
