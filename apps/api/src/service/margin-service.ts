import type { ResolvedMarginSettings, ResolvedPriceImpact } from '@xmargin/config'
import type { Position as CorePosition, RiskParameters } from '@xmargin/core'
import type {
  ComputeMarginReturnType,
  ModelName,
  StressTestParameters,
  StressTestReturnType,
  WhatIfReturnType,
} from '@xmargin/engine'
import type { Store } from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import type { EngineRunner } from '../engine/engine-runner.js'
import type { CascadePerpPool, CascadePool } from '../engine/run-cascade.js'
import { ApiError, echo, validNames } from '../errors.js'
import { MarginDeltaWire } from '../report/report-wire.js'
import type { ViewOf } from '../report/wire-object.js'
import { type BacktestOptions, type BacktestView, backtestTask, toBacktestView } from './backtest.js'
import { cascadePerpPoolsOf, cascadePoolsOf } from './cascade-pools.js'
import { type ChainFreshness, chainFreshness, type IndexerStatusSource } from './chain-freshness.js'
import type { Book } from './load-book.js'
import { mapInSlices } from './map-in-slices.js'
import { type MarginHistoryStepView, marginHistory } from './margin-history.js'
import {
  createParameterSource,
  type ParameterSet,
  ParameterSetUnavailableError,
  type ParameterSource,
} from './parameter-source.js'
import {
  type MarginReportView,
  type MarginSummaryView,
  toReportSummary,
  toReportView,
} from './report-view.js'
import { createRequestBooks, type RequestBook } from './request-books.js'
import { createRequestLoaders, type RequestLoaders } from './request-loaders.js'
import { type TrackingStatus, trackingStatus, type WalletTracking } from './wallet-tracking.js'

/** Parameters of {@link createMarginService}. */
export type CreateMarginServiceParameters = {
  store: Store
  chains: readonly ApiChain[]
  riskParameters: RiskParameters
  /** `static` (default): every report uses `riskParameters`; `dynamic`: calibrated per request (see `createParameterSource`). */
  margin?: ResolvedMarginSettings | undefined
  /** Clock, unix seconds. */
  now: () => number
  indexerStatus?: IndexerStatusSource | undefined
  /** Untracked wallets: tracked on first question, or answered UNKNOWN `not-tracked`. */
  tracking: WalletTracking
  /** Runs the engine (worker threads or in-process); see `createEngineRunner`. */
  engine: EngineRunner
  /** Depth curves of the cascades' forced sales, by factor (`resolvePriceImpact`). */
  priceImpact: ResolvedPriceImpact
}

/** Options shared by every report computation. */
export type ReportOptions = { model?: ModelName | undefined; liquidationPrices?: boolean; isolated?: boolean }

/** Before/after of a stress test or what-if. */
export type ComparisonView = {
  scenario: string | null
  before: MarginReportView
  after: MarginReportView
  delta: ViewOf<typeof MarginDeltaWire>
}

/** The service bound to one request: its loaders, its heads snapshot, its clock reading. */
export type RequestMarginService = {
  loaders: RequestLoaders
  /** Unix seconds, read once per request. */
  now: number
  freshness: () => Promise<{ chains: ChainFreshness[]; reasons: string[] }>
  /** The parameter set of this request's reports, as of its pinned heads (once per request). */
  parameterSet: () => Promise<ParameterSet>
  margin: (wallets: readonly string[], options?: ReportOptions) => Promise<MarginReportView>
  /**
   * One report summary per wallet (status, health, the inputs' ages: see `toReportSummary`), in the
   * order of `wallets`, the reports computed in one engine task (batch solvency). Past `deadline`
   * (unix ms) the batch stops between wallets with `TIMEOUT`.
   */
  marginEach: (
    wallets: readonly string[],
    options?: ReportOptions,
    deadline?: number | undefined,
  ) => Promise<MarginSummaryView[]>
  stress: (
    wallets: readonly string[],
    scenario: StressTestParameters['scenario'],
    options?: ReportOptions,
  ) => Promise<ComparisonView>
  whatIf: (
    wallets: readonly string[],
    change: { add: readonly CorePosition[]; remove: readonly string[] },
    options?: ReportOptions,
  ) => Promise<ComparisonView>
  /**
   * Holds the wallets' book over the stored price history (as of this request's pinned blocks) and
   * compares each day's P&L with the margin held the day before (see `backtestTask`). A book with a
   * stale or unmapped input is refused with STALE_DATA.
   */
  backtest: (wallets: readonly string[], options: BacktestOptions) => Promise<BacktestView>
  /**
   * The wallets' equity, IM, MM, health and status at each step from `from` to `to` (unix seconds),
   * read from the store's versions at the blocks of each step (see `marginHistory`).
   */
  history: (
    wallets: readonly string[],
    range: { from: number; to: number; step: number; model?: ModelName | undefined },
  ) => Promise<MarginHistoryStepView[]>
  /** The book's position ids pinned block per chain (what-if positions get the chain's pinned block). */
  pinnedBlock: (chainId: number) => Promise<bigint>
  /**
   * Makes wallets answerable before anything of theirs is read (see `createWalletTracking`); once
   * per wallet and request. Every report does it; call it first where raw positions are read.
   */
  track: (wallets: readonly string[]) => Promise<void>
  /** Tracks the wallet like `track`, then says where it stands at this request's pinned blocks. */
  trackingStatus: (wallet: string) => Promise<TrackingStatus>
  /**
   * The engine inputs of a wallet set at this request's pinned cut (tracked first, like every
   * report), with the freshness and the reasons a report over them would be UNKNOWN: what the
   * system-wide computations (cascade, Cover-2) run on.
   */
  systemBook: (wallets: readonly string[]) => Promise<SystemBook>
  /** Runs an engine task with this request's abort signal (the execution timeout). */
  runEngine: EngineRunner['run']
}

/** The inputs of a system-wide computation over many wallets, and why they may not be trustworthy. */
export type SystemBook = {
  positions: readonly CorePosition[]
  prices: Book['prices']
  volatilities: Book['volatilities']
  params: RiskParameters
  now: number
  freshness: ChainFreshness[]
  /** Uniswap v3 pools stored at the cut that the chains' specs list (where forced sales go). */
  pools: CascadePool[]
  /** Perp v2 virtual pools stored at the cut that the chains' specs name (where Perp closes go). */
  perpPools: CascadePerpPool[]
  /** Stale or unindexed chains, unmapped positions, untracked wallets (as `statusReasons`). */
  reasons: string[]
}

/** The margin service: builds a {@link RequestMarginService} per GraphQL request. */
export type MarginService = {
  chains: ReadonlyMap<number, ApiChain>
  /**
   * The config's risk parameters: the static set, and the base of a calibration (factors and assets
   * name what inputs may refer to).
   */
  riskParameters: RiskParameters
  /** Depth curves of the cascades' forced sales, by factor. */
  priceImpact: ResolvedPriceImpact
  /** Where each request's parameter set comes from (static or calibrated). */
  parameterSource: ParameterSource
  /** `signal` aborts the request's engine work (the execution timeout): its reports reject with TIMEOUT. */
  forRequest: (signal?: AbortSignal) => RequestMarginService
  tracking: WalletTracking
}

/**
 * Creates the margin service: loads positions and prices from the store (through per-request
 * DataLoaders pinned to one heads snapshot; positions as the engine positions the indexer stored), runs the engine
 * (through `engine`, off the event loop unless it runs in-process) and maps the report to the wire. Reports are UNKNOWN whenever a chain is stale or not indexed, a
 * stored position cannot be mapped, or the engine finds a stale or missing price.
 *
 * @example
 * const service = createMarginService({ store, chains, riskParameters: defaultRiskParameters, now: () => Date.now() / 1000, tracking, engine: createEngineRunner({ threads: 1 }) })
 * const report = await service.forRequest().margin(['0xabc…'])
 */
export function createMarginService(parameters: CreateMarginServiceParameters): MarginService {
  const { store, riskParameters: params, indexerStatus, tracking, engine } = parameters
  const chainList = [...parameters.chains]
  const chains = new Map(chainList.map((c) => [c.chainId, c]))
  const chainIds = chainList.map((c) => c.chainId)
  const knownAssets = new Set(Object.keys(params.assets))
  const parameterSource = createParameterSource({
    store,
    chains,
    riskParameters: params,
    margin: parameters.margin,
  })

  return {
    chains,
    riskParameters: params,
    priceImpact: parameters.priceImpact,
    parameterSource,
    tracking,
    forRequest(signal) {
      const loaders = createRequestLoaders({ store, chainIds })
      const now = Math.floor(parameters.now())
      let freshnessPromise: ReturnType<RequestMarginService['freshness']> | undefined
      const freshness = () => {
        freshnessPromise ??= loaders
          .heads()
          .then((snapshot) => chainFreshness({ chains: chainList, snapshot, indexerStatus, now }))
        return freshnessPromise
      }
      let parameterSetPromise: Promise<ParameterSet> | undefined
      const resolvedSet = () => {
        parameterSetPromise ??= Promise.all([loaders.heads(), loaders.prices()]).then(([heads, prices]) =>
          parameterSource.resolve({ heads, prices, now }),
        )
        return parameterSetPromise
      }
      // The calibration and a backtest need every factor's history: a stale one is STALE_DATA.
      const parameterSet = () => resolvedSet().then(parameterSource.requireCurrent)
      // A dynamic set the stored history cannot give (stale, too short) does not fail a report: every
      // wallet's report is UNKNOWN with the reasons, its figures under the static set it names. A
      // factor whose history alone is stale makes UNKNOWN only the books exposed to it (book()).
      const reportSet = (): Promise<{ set: ParameterSet; reasons: readonly string[] }> =>
        resolvedSet().then(
          (set) => ({ set, reasons: [] }),
          async (error: unknown) => {
            if (!(error instanceof ParameterSetUnavailableError)) throw error
            return { set: parameterSource.staticSet(await loaders.heads()), reasons: error.reasons }
          },
        )
      const { track, books } = createRequestBooks({
        loaders,
        chains,
        knownAssets,
        tracking,
        freshness,
        reportSet,
      })
      const book = async (wallets: readonly string[]) => (await books([wallets]))[0]!
      // Every reason a book's report is UNKNOWN for that the engine cannot see.
      const reasonsOf = (b: RequestBook) => [...b.fresh.reasons, ...b.issues]
      const view = (
        b: RequestBook,
        report: ComputeMarginReturnType,
        positions: readonly CorePosition[] = b.positions,
      ) =>
        toReportView({
          report,
          positions,
          freshness: b.fresh.chains,
          reasons: reasonsOf(b),
          parameterSet: b.set.view,
        })
      const engineInputs = (b: RequestBook, options: ReportOptions) => ({
        positions: b.positions,
        prices: b.prices,
        volatilities: b.volatilities,
        params: b.set.params,
        model: options.model ?? 'portfolio',
        now,
        liquidationPrices: options.liquidationPrices,
        isolated: options.isolated,
      })
      const compare = (
        b: RequestBook,
        result: StressTestReturnType | WhatIfReturnType,
        scenario: string | null,
        afterPositions: readonly CorePosition[],
      ): ComparisonView => {
        const before = view(b, result.before)
        const after = view(b, result.after, afterPositions)
        return {
          scenario,
          before,
          after,
          delta: MarginDeltaWire.toView({
            ...result.delta,
            health:
              before.healthValue === null || after.healthValue === null
                ? null
                : after.healthValue - before.healthValue,
          }),
        }
      }
      return {
        loaders,
        now,
        freshness,
        parameterSet,
        async margin(wallets, options = {}) {
          const b = await book(wallets)
          // The worker maps the report to its view: the request's thread only adds the parameter set.
          const input = {
            ...engineInputs(b, options),
            view: { freshness: b.fresh.chains, reasons: reasonsOf(b) },
          }
          return { ...(await engine.run({ kind: 'marginView', input }, signal)), parameterSet: b.set.view }
        },
        async marginEach(wallets, options = {}, deadline = undefined) {
          // Per-wallet main-thread work a slice at a time, yielding between slices (see mapInSlices).
          const each = await books(wallets.map((w) => [w]))
          const reports = await engine.run(
            {
              kind: 'marginSummaryEach',
              input: { books: each.map((b) => engineInputs(b, options)), deadline },
            },
            signal,
          )
          return mapInSlices(each, (b, i) =>
            toReportSummary({
              report: reports[i]!,
              freshness: b.fresh.chains,
              reasons: reasonsOf(b),
            }),
          )
        },
        async stress(wallets, scenario, options = {}) {
          const b = await book(wallets)
          const result = await engine.run(
            { kind: 'stress', input: { ...engineInputs(b, options), scenario } },
            signal,
          )
          return compare(b, result, result.scenario, b.positions)
        },
        async whatIf(wallets, change, options = {}) {
          const b = await book(wallets)
          for (const p of change.add) {
            if (!chains.has(p.chainId))
              throw new ApiError(
                'UNKNOWN_CHAIN',
                `Chain ${p.chainId} is not indexed; indexed chains: ${validNames([...chains.keys()].map(String))}.`,
              )
            if (!knownAssets.has(p.asset))
              throw new ApiError(
                'UNKNOWN_ASSET',
                `Asset ${echo(p.asset)} has no risk parameters; valid assets: ${validNames(knownAssets)}.`,
              )
          }
          const ids = new Set(b.positions.map((p) => p.id))
          const unknown = change.remove.filter((id) => !ids.has(id))
          if (unknown.length > 0)
            throw new ApiError(
              'UNKNOWN_POSITION',
              `No position ${unknown.map((id) => echo(id)).join(', ')} in this book; its position ids: ${validNames(ids)}.`,
            )
          const result = await engine.run(
            {
              kind: 'whatIf',
              input: { ...engineInputs(b, options), add: change.add, remove: change.remove },
            },
            signal,
          )
          const removed = new Set(change.remove)
          return compare(b, result, null, [...b.positions.filter((p) => !removed.has(p.id)), ...change.add])
        },
        async backtest(wallets, options) {
          // A backtest needs the history itself: its errors (STALE_DATA, INSUFFICIENT_HISTORY) stand.
          await parameterSet()
          const b = await book(wallets)
          const reasons = reasonsOf(b)
          if (reasons.length > 0)
            throw new ApiError('STALE_DATA', `Cannot backtest this book: ${reasons.join(', ')}.`)
          const [heads, prices] = await Promise.all([loaders.heads(), loaders.prices()])
          const feeds = await parameterSource.referenceFeeds({ heads, prices })
          const task = await backtestTask({ source: parameterSource, book: b, heads, options, store, feeds })
          const result = await engine.run({ kind: 'backtest', input: task.input }, signal)
          return toBacktestView({
            result,
            kind: task.kind,
            window: task.window,
            margin: task.input.margin,
            confidence: task.input.confidence,
            staticId: parameterSource.staticId,
          })
        },
        async history(wallets, range) {
          await track(wallets)
          return marginHistory({
            store,
            chains,
            knownAssets,
            source: parameterSource,
            engine,
            signal,
            wallets: [...new Set(wallets.map((w) => w.toLowerCase()))],
            ...range,
          })
        },
        async track(wallets) {
          await track(wallets)
        },
        async trackingStatus(wallet) {
          const states = await track([wallet])
          const { pins } = await loaders.heads()
          return trackingStatus(wallet, states, pins)
        },
        async systemBook(wallets) {
          const [b, stored] = await Promise.all([book(wallets), loaders.poolStates()])
          return {
            positions: b.positions,
            prices: b.prices,
            volatilities: b.volatilities,
            params,
            now,
            freshness: b.fresh.chains,
            pools: cascadePoolsOf({ chains, stored }),
            perpPools: cascadePerpPoolsOf({ chains, stored }),
            reasons: reasonsOf(b),
          }
        },
        runEngine: (task) => engine.run(task, signal),
        async pinnedBlock(chainId) {
          const { heads } = await loaders.heads()
          const served = heads.find((h) => h.chain.chainId === chainId)?.served
          return BigInt(served?.number ?? 0)
        },
      }
    },
  }
}
