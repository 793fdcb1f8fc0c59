import type { ResolvedMarginSettings } from '@xmargin/config'
import type { FactorId, Position, RiskParameters } from '@xmargin/core'
import { type Calibration, type CalibrationMemo, contentHash } from '@xmargin/engine'
import type { Store, StoredPrice } from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import { ApiError } from '../errors.js'
import { type ReferenceFeed, referenceFeeds } from './load-price-history.js'
import { publishedCalibration } from './published-calibration.js'
import type { HeadsSnapshot } from './request-loaders.js'

/** The parameter set a report used, as the wire names it. */
export type ParameterSetView = {
  /** Static: sha256 of the config's risk parameters; dynamic: the calibration's content id. */
  id: string
  model: 'static' | 'dynamic'
  /** The calibration's look-back (unix seconds, observations); null for the static set. */
  window: { from: number; to: number; observations: number } | null
  /** The blocks the set was read as of (the request's pinned heads). */
  asOf: readonly { chainId: number; blockNumber: number }[]
}

/** A calibrated factor whose reference feed's newest round is older than `maxHistoryAgeSeconds`. */
export type StaleHistory = { factor: FactorId; chainId: number; ageSeconds: number }

/** A parameter set with what it is made of. */
export type ParameterSet = {
  view: ParameterSetView
  params: RiskParameters
  /** The calibration behind a dynamic set; null for the static one. */
  calibration: Calibration | null
  /**
   * Dynamic: the factors left out of the calibration because their history is stale (they keep
   * their static parameters in `params`). A book exposed to one is UNKNOWN with
   * `stale-history:<factor>@<chain>` ({@link staleHistoryReasons}); any other book is priced.
   */
  staleHistory: readonly StaleHistory[]
}

/**
 * The report reasons a book gets from its parameter set's stale history: `stale-history:<factor>@<chain>`
 * for each stale factor that one of `positions` is exposed to (its asset's factor in the set's
 * parameters, the same mapping the engine prices it by). None for a book without such a position.
 *
 * @example
 * staleHistoryReasons(set, positions) // ['stale-history:BTC@1'] for a book holding WBTC while BTC's feed is stale
 */
export function staleHistoryReasons(set: ParameterSet, positions: readonly Position[]): string[] {
  if (set.staleHistory.length === 0) return []
  const exposed = new Set(positions.map((p) => set.params.assets[p.asset]?.factor))
  return set.staleHistory.filter((s) => exposed.has(s.factor)).map(staleReason)
}

const staleReason = (s: StaleHistory) => `stale-history:${s.factor}@${s.chainId}`

/**
 * The dynamic parameter set cannot be resolved from the stored price history: `STALE_DATA` when the
 * newest round of a calibrated factor is older than `maxHistoryAgeSeconds`, `INSUFFICIENT_HISTORY`
 * when the history is shorter than the window. `reasons` are the reports' status reasons for it
 * (`stale-history:<factor>@<chain>`, `insufficient-history`): reports answer each wallet UNKNOWN
 * with them instead of failing the request.
 */
export class ParameterSetUnavailableError extends ApiError {
  override name = 'ParameterSetUnavailableError'
  readonly reasons: readonly string[]

  constructor(
    code: 'STALE_DATA' | 'INSUFFICIENT_HISTORY',
    shortMessage: string,
    reasons: readonly string[],
    cause?: Error | undefined,
  ) {
    super(code, shortMessage, cause ? { cause } : {})
    this.reasons = reasons
  }
}

/** Parameters of {@link createParameterSource}. */
export type CreateParameterSourceParameters = {
  store: Store
  chains: ReadonlyMap<number, ApiChain>
  /** The config's risk parameters: the static set, and the base a calibration starts from. */
  riskParameters: RiskParameters
  /** Default `{ model: 'static' }`. */
  margin?: ResolvedMarginSettings | undefined
  /** Calibrations kept (one per newest-round combination). Default 8. */
  cacheSize?: number | undefined
}

/** Where the risk parameters of a request come from. */
export type ParameterSource = {
  margin: ResolvedMarginSettings
  /** The config's risk parameters (the static set, and the base of every calibration). */
  base: RiskParameters
  /** Content id of the static set. */
  staticId: string
  /** The static set (the config's risk parameters) as of a request's pinned heads. */
  staticSet: (heads: HeadsSnapshot) => ParameterSet
  /**
   * The parameter set as of a request's pinned heads (`prices`: the feed answers read at them).
   * Dynamic: a factor whose history is stale is left out of the calibration and listed in
   * `staleHistory`; `ParameterSetUnavailableError` when every calibrated factor's history is stale
   * or the history is too short.
   */
  resolve: (input: {
    heads: HeadsSnapshot
    prices: readonly StoredPrice[]
    now: number
  }) => Promise<ParameterSet>
  /** The set itself, or `STALE_DATA` (`ParameterSetUnavailableError`) when a factor's history is stale. */
  requireCurrent: (set: ParameterSet) => ParameterSet
  /** The reference feed of each calibrated factor as of the pins (for the backtest's history). */
  referenceFeeds: (input: {
    heads: HeadsSnapshot
    prices: readonly StoredPrice[]
  }) => Promise<ReferenceFeed[]>
}

/**
 * Creates the source of every report's risk parameters. `static`: the config's parameters, named by
 * their content hash. `dynamic`: a calibration (`calibrateRiskParameters`, the config's settings)
 * on the `window` daily closes ending at the newest stored round of the factors' reference feeds as
 * of the request's pinned blocks, fall-capped against the published set of the last period close
 * before it, itself one link of a chain of published closes (`publishedCalibration`), so the cap
 * bounds the path of published sets and the set depends only on the stored history, never on what
 * the process served before. Calibrations are cached by the newest round of every reference feed:
 * a new round recalibrates. A newest round older than `maxHistoryAgeSeconds` is `STALE_DATA`; a
 * history shorter than the window is `INSUFFICIENT_HISTORY` (both `ParameterSetUnavailableError`).
 * Never a fallback to the static set here (reports name the static set only with an UNKNOWN status).
 *
 * @example
 * const source = createParameterSource({ store, chains, riskParameters, margin: { model: 'dynamic', window: 90, maxHistoryAgeSeconds: 172_800, calibration: defaultCalibrationSettings } })
 * const set = await source.resolve({ heads, prices, now })
 * set.view.id // the calibration id
 */
export function createParameterSource(parameters: CreateParameterSourceParameters): ParameterSource {
  const { store, chains, riskParameters: base } = parameters
  const margin = parameters.margin ?? { model: 'static' }
  const cacheSize = parameters.cacheSize ?? 8
  const staticId = contentHash({ model: 'static', parameters: base })
  const cache = new Map<string, Promise<Calibration>>()
  const asOf = (heads: HeadsSnapshot) =>
    heads.pins.map((p) => ({ chainId: p.chainId, blockNumber: p.blockNumber }))
  const feedsOf: ParameterSource['referenceFeeds'] = ({ heads, prices }) =>
    referenceFeeds({ store, chains, params: base, heads, prices })

  // Published period closes, by content (base and settings, window prices, previous id): a new
  // round recalibrates the newest set only, a new period close adds one node to the chain.
  const memo = boundedMemo(chainMemoSize)
  const tips = boundedMemo(64)
  const calibrate = (heads: HeadsSnapshot, feeds: readonly ReferenceFeed[]): Promise<Calibration> => {
    if (margin.model !== 'dynamic') throw new Error('unreachable: calibrate on the static model')
    return publishedCalibration({
      store,
      feeds,
      heads,
      base,
      window: margin.window,
      settings: margin.calibration,
      memo,
      tips,
    })
  }

  const staticSet = (heads: HeadsSnapshot): ParameterSet => ({
    view: { id: staticId, model: 'static', window: null, asOf: asOf(heads) },
    params: base,
    calibration: null,
    staleHistory: [],
  })
  const staleError = (stale: readonly StaleHistory[]) =>
    new ParameterSetUnavailableError(
      'STALE_DATA',
      `Price history is stale: the newest round of ${stale
        .map((s) => `${s.factor} (chain ${s.chainId}) is ${s.ageSeconds} s old`)
        .join(
          ', ',
        )}; margin.maxHistoryAgeSeconds is ${margin.model === 'dynamic' ? margin.maxHistoryAgeSeconds : 0}.`,
      stale.map(staleReason),
    )
  /** `INSUFFICIENT_HISTORY` from the history's loader, as the reports' reason. */
  const insufficient = <T>(promise: Promise<T>): Promise<T> =>
    promise.catch((error: unknown) => {
      if (error instanceof ApiError && error.code === 'INSUFFICIENT_HISTORY')
        throw new ParameterSetUnavailableError(
          'INSUFFICIENT_HISTORY',
          error.shortMessage,
          ['insufficient-history'],
          error,
        )
      throw error
    })

  return {
    margin,
    base,
    staticId,
    staticSet,
    referenceFeeds: feedsOf,
    requireCurrent(set) {
      if (set.staleHistory.length > 0) throw staleError(set.staleHistory)
      return set
    },
    async resolve({ heads, prices, now }) {
      if (margin.model === 'static') return staticSet(heads)
      const feeds = await insufficient(feedsOf({ heads, prices }))
      const isStale = (f: ReferenceFeed) => now - f.newest.updatedAt > margin.maxHistoryAgeSeconds
      const staleHistory = feeds
        .filter(isStale)
        .map((f) => ({ factor: f.factor, chainId: f.chainId, ageSeconds: now - f.newest.updatedAt }))
      // Only the fresh factors are calibrated: a stale one keeps its static parameters, and the
      // books exposed to it are UNKNOWN (staleHistoryReasons); with none fresh there is no set.
      const fresh = feeds.filter((f) => !isStale(f))
      if (fresh.length === 0) throw staleError(staleHistory)
      const key = fresh.map((f) => `${f.factor}:${f.chainId}:${f.feed}:${f.newest.roundId}`).join('|')
      let calibration = cache.get(key)
      if (!calibration) {
        calibration = calibrate(heads, fresh)
        cache.set(key, calibration)
        calibration.catch(() => cache.delete(key))
        while (cache.size > cacheSize) cache.delete(cache.keys().next().value as string)
      }
      const result = await insufficient(calibration)
      return {
        view: { id: result.id, model: 'dynamic', window: result.window, asOf: asOf(heads) },
        params: result.parameters,
        calibration: result,
        staleHistory,
      }
    },
  }
}

/** Published closes kept: more than ten years of daily closes, so a whole chain stays cached. */
const chainMemoSize = 4096

/** A memo that forgets its oldest entries past `size`. */
function boundedMemo(size: number): CalibrationMemo {
  const entries = new Map<string, Calibration>()
  return {
    get: (key) => entries.get(key),
    set(key, value) {
      entries.set(key, value)
      while (entries.size > size) entries.delete(entries.keys().next().value as string)
    },
  }
}
