import { threadId } from 'node:worker_threads'
import { BaseError, type RiskParameters } from '@xmargin/core'
import {
  type BacktestBookParameters,
  type BacktestBookReturnType,
  backtestBook,
  type ComputeMarginParameters,
  type ComputeMarginReturnType,
  type CoverTwoReturnType,
  computeMargin,
  type MarginReport,
  type StressTestParameters,
  type StressTestReturnType,
  stressTest,
  type WhatIfParameters,
  type WhatIfReturnType,
  whatIf,
} from '@xmargin/engine'
import type { Hex } from 'viem'
import { type SignAttestationsParameters, signAttestations } from '../attestation-digest.js'
import { type ReportViewContext, type ReportWireView, toReportWireView } from '../service/report-view.js'
import { type EngineBookInput, type KeptInputKeys, keepKept, restoreKept } from './kept-inputs.js'
import {
  type CascadeTaskInput,
  type CascadeTaskResult,
  type CoverTwoTaskInput,
  runCascade,
  runCoverTwo,
} from './run-cascade.js'

/**
 * One engine computation, as plain data (structured-clone safe: objects, arrays, bigints, no
 * functions or class instances), so it can run in a worker thread or in-process alike.
 */
export type EngineTask =
  | { kind: 'margin'; input: ComputeMarginParameters }
  /**
   * `margin`, answered as the report's view (`toReportWireView`): the worker maps the report to the
   * wire, so the request's thread receives ~12 KB of strings instead of mapping ~14 KB of report.
   */
  | { kind: 'marginView'; input: ComputeMarginParameters & { view: ReportViewContext } }
  | { kind: 'stress'; input: StressTestParameters }
  | { kind: 'whatIf'; input: WhatIfParameters }
  /**
   * One report per book in one task (batch solvency: one message to a worker, the risk parameters
   * cloned once). Past `deadline` (unix ms) it stops between books with {@link EngineDeadlineError}.
   */
  | {
      kind: 'marginEach'
      input: { books: readonly ComputeMarginParameters[]; deadline?: number | undefined }
    }
  /**
   * `marginEach` returning only what batch solvency reads of each report ({@link MarginReportSummary}):
   * 1,000 full reports (position lines, scenarios, venues) are ~1.8 MB to clone back to the caller.
   */
  | {
      kind: 'marginSummaryEach'
      input: { books: readonly ComputeMarginParameters[]; deadline?: number | undefined }
    }
  /**
   * Signs a batch of solvency attestations (one per wallet of a `solvency` answer): secp256k1 and
   * keccak cost ~0.5 ms per attestation, 15 × 1,000 of them blocked the event loop for 15 s.
   */
  | { kind: 'attest'; input: SignAttestationsParameters }
  /** A liquidation cascade over many wallets (see `runCascade`). */
  | { kind: 'cascade'; input: CascadeTaskInput }
  /** Cover-2 over many wallets and scenarios (see `runCoverTwo`). */
  | { kind: 'coverTwo'; input: CoverTwoTaskInput }
  /** Holds a book over a price history (a calibration per day when dynamic): `backtestBook`. */
  | { kind: 'backtest'; input: BacktestBookParameters }
  /** Nothing: answers the thread's id once the worker has loaded the engine (see `EngineRunner.ready`). */
  | { kind: 'ready'; input: null }

/**
 * A task as a worker receives it. `paramsKey` names the task's risk parameters object in the calling
 * thread: the worker keeps the first copy it received under that key and runs later tasks with it, so
 * the engine's caches (keyed by the parameters object: scenario sets, correlations, ES draws) hit in
 * the worker as they do in-process. `kept` likewise names each input's frozen positions and its
 * prices and vols arrays (see {@link KeptInputKeys}). A `light` message comes without what it names
 * (see {@link lightTask}): the worker runs it with its kept copies, or answers
 * {@link EngineKeptMissing} when it lacks one; a whole message gives it the copies to keep.
 */
export type EngineWorkerMessage = {
  task: EngineTask
  paramsKey: string | undefined
  /** Per book input of the task ({@link bookInputsOf} order): the keys of its kept values, or null. */
  kept?: readonly (KeptInputKeys | null)[] | undefined
  /** The parameters (when `paramsKey` is set) and the values `kept` names were left out. */
  light?: boolean | undefined
}

/** A worker's answer to a light message naming a value it does not keep: send the message whole. */
export type EngineKeptMissing = { ok: false; keptMissing: true }

/** What each task kind returns. */
export type EngineTaskResult = {
  margin: ComputeMarginReturnType
  marginView: ReportWireView
  stress: StressTestReturnType
  whatIf: WhatIfReturnType
  marginEach: ComputeMarginReturnType[]
  marginSummaryEach: MarginReportSummary[]
  attest: Hex[]
  cascade: CascadeTaskResult
  coverTwo: CoverTwoReturnType
  backtest: BacktestBookReturnType
  /** The answering thread's `threadId` (0 in-process). */
  ready: number
}

/**
 * The parts of a margin report batch solvency reads: its status, health and the age of its oldest
 * price (not each price's freshness: a batch of 1,000 would clone and map them all for one figure).
 */
export type MarginReportSummary = Pick<
  MarginReport,
  'status' | 'statusReasons' | 'health' | 'maintenanceMargin'
> & {
  /** The largest `ageSeconds` of the report's prices; null when it used none. */
  oldestPriceAgeSeconds: number | null
}

/**
 * A report's {@link MarginReportSummary}.
 *
 * @example
 * summarizeReport(computeMargin({ positions, prices, now })).status // 'HEALTHY'
 */
export function summarizeReport(report: MarginReport): MarginReportSummary {
  return {
    status: report.status,
    statusReasons: report.statusReasons,
    health: report.health,
    maintenanceMargin: report.maintenanceMargin,
    oldestPriceAgeSeconds: report.freshness.prices.reduce<number | null>(
      (oldest, price) => Math.max(oldest ?? Number.NEGATIVE_INFINITY, price.ageSeconds),
      null,
    ),
  }
}

/** An engine error as it crosses a thread boundary (class instances do not survive structured clone). */
export type EngineErrorData = {
  name: string
  message: string
  /** Set for the engine's own errors (subclasses of `BaseError`). */
  base?: { shortMessage: string; details: string | undefined } | undefined
}

/** A task's outcome from a worker: the result, or the error it threw as data. */
export type EngineTaskOutcome<K extends EngineTask['kind'] = EngineTask['kind']> =
  | { ok: true; value: EngineTaskResult[K] }
  | { ok: false; error: EngineErrorData }
  | EngineKeptMissing

/**
 * An engine error (`InvalidPositionError`, `UnknownScenarioError`, …) thrown in a worker thread and
 * rebuilt in the calling thread: a `BaseError` with the original `name`, `shortMessage` and `details`,
 * so callers treat it exactly as the in-process error.
 *
 * @example
 * throw new EngineWorkerError({ name: 'UnknownScenarioError', shortMessage: 'Unknown stress scenario "x".', details: undefined })
 */
export class EngineWorkerError extends BaseError {
  override name = 'EngineWorkerError'

  constructor(data: { name: string; shortMessage: string; details: string | undefined }) {
    super(data.shortMessage, { details: data.details })
    this.name = data.name
  }
}

/**
 * A `marginEach` task ran past its deadline (checked between books, in-process as in a worker).
 *
 * @example
 * throw new EngineDeadlineError(12, 1000)
 */
export class EngineDeadlineError extends BaseError {
  override name = 'EngineDeadlineError'

  constructor(done: number, total: number) {
    super(`Engine batch exceeded the execution timeout after ${done} of ${total} reports.`)
  }
}

/**
 * Runs one engine task in the current thread (the in-process mode, and the body of every worker
 * thread); everything but `attest` computes synchronously before the promise settles.
 *
 * @example
 * const report = await runEngineTaskInline({ kind: 'margin', input: { positions, prices, now } })
 */
export async function runEngineTaskInline<T extends EngineTask>(
  task: T,
): Promise<EngineTaskResult[T['kind']]> {
  switch (task.kind) {
    case 'attest':
      return (await signAttestations(task.input)) as EngineTaskResult[T['kind']]
    case 'margin':
      return computeMargin(task.input) as EngineTaskResult[T['kind']]
    case 'marginView': {
      const { view, ...input } = task.input
      const report = computeMargin(input)
      return toReportWireView({ report, positions: input.positions, ...view }) as EngineTaskResult[T['kind']]
    }
    case 'stress':
      return stressTest(task.input) as EngineTaskResult[T['kind']]
    case 'whatIf':
      return whatIf(task.input) as EngineTaskResult[T['kind']]
    case 'cascade':
      return runCascade(task.input) as EngineTaskResult[T['kind']]
    case 'coverTwo':
      return runCoverTwo(task.input) as EngineTaskResult[T['kind']]
    case 'backtest':
      return backtestBook(task.input) as EngineTaskResult[T['kind']]
    case 'marginEach':
      return computeEach(task.input, computeMargin) as EngineTaskResult[T['kind']]
    case 'marginSummaryEach':
      return computeEach(task.input, (book) =>
        summarizeReport(computeMargin(book)),
      ) as EngineTaskResult[T['kind']]
    case 'ready':
      return threadId as EngineTaskResult[T['kind']]
  }
}

/** One result per book, stopping past `deadline` (unix ms) between books with {@link EngineDeadlineError}. */
function computeEach<R>(
  input: { books: readonly ComputeMarginParameters[]; deadline?: number | undefined },
  compute: (book: ComputeMarginParameters) => R,
): R[] {
  const { books, deadline } = input
  return books.map((book, i) => {
    if (deadline !== undefined && Date.now() > deadline) throw new EngineDeadlineError(i, books.length)
    return compute(book)
  })
}

/**
 * The inputs of a task that carry risk parameters (a batch has one per book).
 *
 * @example
 * engineInputsOf({ kind: 'margin', input }) // [input]
 */
export function engineInputsOf(task: EngineTask): readonly { params?: RiskParameters | undefined }[] {
  // A backtest's parameters are a source (static or calibrated per day), not one shared object.
  if (task.kind === 'attest' || task.kind === 'backtest' || task.kind === 'ready') return []
  return task.kind === 'marginEach' || task.kind === 'marginSummaryEach' ? task.input.books : [task.input]
}

/**
 * The book inputs of the kinds a worker may run from kept values (one per book of a batch);
 * undefined for the others (cascade, Cover-2, backtest: heavy or their own inputs, sent whole).
 *
 * @example
 * bookInputsOf({ kind: 'marginSummaryEach', input: { books } }) // books
 */
export function bookInputsOf(task: EngineTask): readonly EngineBookInput[] | undefined {
  switch (task.kind) {
    case 'margin':
    case 'marginView':
    case 'stress':
    case 'whatIf':
      return [task.input]
    case 'marginEach':
    case 'marginSummaryEach':
      return task.input.books
    default:
      return undefined
  }
}

/**
 * The task without what a worker keeps: each input's risk parameters (when `params`), and the
 * positions, prices and vols `kept` names (as empty lists). Undefined for kinds that are sent whole
 * (see {@link bookInputsOf}).
 *
 * @example
 * lightTask({ kind: 'margin', input: { positions, prices, now, params } }, { params: true }) // { kind: 'margin', input: { positions, prices, now, params: undefined } }
 */
export function lightTask(
  task: EngineTask,
  leave: { params: boolean; kept?: readonly (KeptInputKeys | null)[] | undefined },
): EngineTask | undefined {
  const strip = <I extends EngineBookInput>(input: I, i: number): I => {
    const keys = leave.kept?.[i]
    return {
      ...input,
      params: leave.params ? undefined : input.params,
      positions: keys?.positions ? [] : input.positions,
      prices: keys && keys.prices !== null ? [] : input.prices,
      volatilities: keys && keys.volatilities !== null ? [] : input.volatilities,
    }
  }
  switch (task.kind) {
    case 'margin':
      return { kind: task.kind, input: strip(task.input, 0) }
    case 'marginView':
      return { kind: task.kind, input: strip(task.input, 0) }
    case 'stress':
      return { kind: task.kind, input: strip(task.input, 0) }
    case 'whatIf':
      return { kind: task.kind, input: strip(task.input, 0) }
    case 'marginEach':
      return { kind: task.kind, input: { ...task.input, books: task.input.books.map(strip) } }
    case 'marginSummaryEach':
      return { kind: task.kind, input: { ...task.input, books: task.input.books.map(strip) } }
    default:
      return undefined
  }
}

/** Risk parameters a worker has received, by their key in the calling thread (a few at most). */
const paramsByKey = new Map<string, RiskParameters>()
const MAX_KEPT_PARAMS = 8
/**
 * A worker thread's task handler: runs the task (with the kept copy of its risk parameters, see
 * {@link EngineWorkerMessage}) and returns its outcome, an error included as data (see
 * {@link EngineWorkerError}).
 *
 * @example
 * const outcome = await runEngineTask({ task: { kind: 'stress', input: { positions, prices, now, scenario: 'crypto-crash' } }, paramsKey: undefined })
 * if (outcome.ok) outcome.value.after.status
 */
export async function runEngineTask(message: EngineWorkerMessage): Promise<EngineTaskOutcome> {
  const { task, paramsKey, kept: keys, light } = message
  const inputs = engineInputsOf(task)
  const params = inputs[0]?.params
  const books = bookInputsOf(task)
  if (keys && books)
    for (const [i, input] of books.entries()) {
      const inputKeys = keys[i]
      if (!inputKeys) continue
      if (!light) keepKept(input, inputKeys)
      else if (!restoreKept(input, inputKeys)) return { ok: false, keptMissing: true }
    }
  if (paramsKey !== undefined) {
    let kept = paramsByKey.get(paramsKey)
    if (!kept) {
      // Sent without them (the caller assumed this worker keeps them): never run on the defaults.
      if (params === undefined) return { ok: false, keptMissing: true }
      if (paramsByKey.size >= MAX_KEPT_PARAMS) paramsByKey.delete(paramsByKey.keys().next().value!)
      paramsByKey.set(paramsKey, params)
      kept = params
    }
    for (const input of inputs) input.params = kept
  }
  try {
    return { ok: true, value: await runEngineTaskInline(task) }
  } catch (error) {
    return { ok: false, error: toErrorData(error) }
  }
}

/**
 * The error an outcome carries, rebuilt in the calling thread: an {@link EngineWorkerError} for the
 * engine's `BaseError`s, a plain `Error` otherwise (a bug: masked by the API like any other).
 *
 * @example
 * if (!outcome.ok) throw fromErrorData(outcome.error)
 */
export function fromErrorData(data: EngineErrorData): Error {
  if (data.base) return new EngineWorkerError({ name: data.name, ...data.base })
  const error = new Error(data.message)
  error.name = data.name
  return error
}

function toErrorData(error: unknown): EngineErrorData {
  if (error instanceof BaseError)
    return {
      name: error.name,
      message: error.message,
      base: { shortMessage: error.shortMessage, details: error.details },
    }
  if (error instanceof Error) return { name: error.name, message: error.message }
  return { name: 'Error', message: String(error) }
}
