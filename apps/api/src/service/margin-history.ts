import { formatUsd } from '@xmargin/core'
import type { ComputeMarginReturnType, MarginStatus, ModelName } from '@xmargin/engine'
import {
  OutsideRetainedHistoryError,
  PinnedBlockGoneError,
  type Store,
  type StoredBlock,
} from '@xmargin/store'
import type { ApiChain } from '../chain.js'
import type { EngineRunner } from '../engine/engine-runner.js'
import { ApiError } from '../errors.js'
import { type Book, loadBook } from './load-book.js'
import {
  type ParameterSet,
  ParameterSetUnavailableError,
  type ParameterSource,
  staleHistoryReasons,
} from './parameter-source.js'
import { createRequestLoaders, type HeadsSnapshot } from './request-loaders.js'

/** Most steps one `marginHistory` may ask for. */
export const MAX_HISTORY_STEPS = 1000

/** One step of a margin history, as the wire shows it. */
export type MarginHistoryStepView = {
  /** The step's time (unix seconds): each chain is read at its last stored block at or before it. */
  time: number
  blocks: { chainId: number; blockNumber: number }[]
  status: MarginStatus
  statusReasons: string[]
  equity: string | null
  initialMargin: string | null
  maintenanceMargin: string | null
  /** 6 decimals; null when maintenance is 0, or the step could not be computed. */
  health: string | null
  /** The parameter set of the step (as of its blocks); null when none could be resolved. */
  parameterSet: string | null
}

/** Parameters of {@link marginHistory}. */
export type MarginHistoryParameters = {
  store: Store
  chains: ReadonlyMap<number, ApiChain>
  knownAssets: ReadonlySet<string>
  source: ParameterSource
  engine: EngineRunner
  signal?: AbortSignal | undefined
  wallets: readonly string[]
  from: number
  to: number
  step: number
  model?: ModelName | undefined
}

/**
 * Equity, IM, MM, health and status of a book at each step from `from` to `to`, read from the
 * store's versions at past blocks (not recorded snapshots): per step and chain, the last stored block
 * at or before the step's time pins every read (positions, prices, and, when dynamic, the price
 * history the step's parameter set is calibrated on), and the engine runs at the step's time. A step
 * before a chain's first stored block, or before its retained history (the store prunes superseded
 * versions older than `store.retainHistoryDays` below the finalized block), is UNKNOWN with
 * `no-block-at-time:<chain>` or `outside-retained-history:<chain>`; a
 * step whose parameter set the history cannot give, or whose book holds a factor whose history is
 * stale as of the step, is UNKNOWN with the reasons a report gives (`stale-history:<factor>@<chain>`,
 * `insufficient-history`), any other refusal of the set with
 * `parameter-set:<code>`.
 *
 * @example
 * const steps = await marginHistory({ store, chains, knownAssets, source, engine, wallets: ['0xabc…'], from, to, step: 3600 })
 */
export async function marginHistory(parameters: MarginHistoryParameters): Promise<MarginHistoryStepView[]> {
  const { store, chains, knownAssets, source, engine, signal, wallets, from, to, step } = parameters
  if (!Number.isInteger(step) || step < 1)
    throw new ApiError('OUT_OF_RANGE', `step must be ≥ 1 s, got ${step}.`)
  if (!(Number.isInteger(from) && Number.isInteger(to) && from <= to))
    throw new ApiError('OUT_OF_RANGE', `from (${from}) must be at most to (${to}), unix seconds.`)
  const count = Math.floor((to - from) / step) + 1
  if (count > MAX_HISTORY_STEPS)
    throw new ApiError('OUT_OF_RANGE', `At most ${MAX_HISTORY_STEPS} steps, got ${count}; widen step.`)
  const chainIds = [...chains.keys()].sort((a, b) => a - b)
  const stored = new Map<number, StoredBlock[]>()
  for (const chainId of chainIds) stored.set(chainId, await store.getBlocks({ chainId, order: 'asc' }))

  const steps: { time: number; pins: HeadsSnapshot['pins']; reasons: string[] }[] = []
  for (let k = 0; k < count; k++) {
    const time = from + k * step
    const pins: { chainId: number; blockNumber: number; blockHash: string }[] = []
    const reasons: string[] = []
    for (const chainId of chainIds) {
      const list = stored.get(chainId)!
      const block = lastAtOrBefore(list, time)
      if (!block)
        reasons.push(`${list[0]?.finalized ? 'outside-retained-history' : 'no-block-at-time'}:${chainId}`)
      else pins.push({ chainId, blockNumber: block.number, blockHash: block.hash })
    }
    steps.push({ time, pins, reasons })
  }

  type Computed = { book: Book; set: ParameterSet }
  const computed: (Computed | string[])[] = []
  for (const s of steps) {
    if (s.reasons.length > 0) {
      computed.push(s.reasons)
      continue
    }
    const heads: HeadsSnapshot = { heads: [], pins: s.pins }
    const loaders = createRequestLoaders({ store, chainIds, heads })
    try {
      const [book, prices] = await Promise.all([
        loadBook({ loaders, chains, wallets, knownAssets }),
        loaders.prices(),
      ])
      const set = await source.resolve({ heads, prices, now: s.time })
      const stale = staleHistoryReasons(set, book.positions)
      computed.push(stale.length > 0 ? stale : { book, set })
    } catch (error) {
      if (error instanceof ApiError && error.cause instanceof OutsideRetainedHistoryError)
        computed.push([`outside-retained-history:${error.cause.chainId}`])
      else if (error instanceof ParameterSetUnavailableError) computed.push([...error.reasons])
      else if (error instanceof ApiError && !(error.cause instanceof PinnedBlockGoneError))
        computed.push([`parameter-set:${error.code}`])
      else if (error instanceof OutsideRetainedHistoryError)
        computed.push([`outside-retained-history:${error.chainId}`])
      else throw error
    }
  }
  const books = computed.flatMap((c, k) =>
    Array.isArray(c)
      ? []
      : [
          {
            positions: c.book.positions,
            prices: c.book.prices,
            volatilities: c.book.volatilities,
            params: c.set.params,
            model: parameters.model ?? 'portfolio',
            now: steps[k]!.time,
            liquidationPrices: false,
            isolated: false,
          },
        ],
  )
  const reports: ComputeMarginReturnType[] = await engine.run(
    { kind: 'marginEach', input: { books } },
    signal,
  )
  let next = 0
  return computed.map((c, k) => {
    const { time, pins } = steps[k]!
    const blocks = pins.map((p) => ({ chainId: p.chainId, blockNumber: p.blockNumber }))
    if (Array.isArray(c))
      return {
        time,
        blocks,
        status: 'UNKNOWN',
        statusReasons: c,
        equity: null,
        initialMargin: null,
        maintenanceMargin: null,
        health: null,
        parameterSet: null,
      }
    const report = reports[next++]!
    const statusReasons = [...c.book.issues, ...report.statusReasons]
    const health =
      report.maintenanceMargin > 0 && Number.isFinite(report.health)
        ? formatUsd({ value: report.health, decimals: 6 })
        : null
    return {
      time,
      blocks,
      status: statusReasons.length > 0 ? 'UNKNOWN' : report.status,
      statusReasons,
      equity: formatUsd({ value: report.equity }),
      initialMargin: formatUsd({ value: report.initialMargin }),
      maintenanceMargin: formatUsd({ value: report.maintenanceMargin }),
      health,
      parameterSet: c.set.view.id,
    }
  })
}

/** The last block (by number, ascending list) whose timestamp is at or before `time`. */
function lastAtOrBefore(list: readonly StoredBlock[], time: number): StoredBlock | undefined {
  let found: StoredBlock | undefined
  for (const block of list) {
    if (block.timestamp > time) break
    found = block
  }
  return found
}
