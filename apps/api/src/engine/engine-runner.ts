import { availableParallelism } from 'node:os'
import { defaultApiLimits } from '@xmargin/config'
import { BaseError } from '@xmargin/core'
import { Piscina } from 'piscina'
import { ApiError, ApiSettingsError, RetryLaterError } from '../errors.js'
import { engineWorkerBundle, keepEngineBundle } from './engine-bundle.js'
import {
  bookInputsOf,
  type EngineTask,
  type EngineTaskOutcome,
  type EngineTaskResult,
  type EngineWorkerMessage,
  engineInputsOf,
  fromErrorData,
  lightTask,
  runEngineTaskInline,
} from './engine-task.js'
import { keptKeyCount, keptKeysOf, MAX_KEPT_POSITIONS } from './kept-inputs.js'

/** Runs engine tasks: on a pool of worker threads, or in-process (`threads: 0`). */
export type EngineRunner = {
  /** Worker threads; 0 = in-process on the caller's thread. */
  threads: number
  /** Tasks submitted and not settled yet (queued or running). */
  readonly active: number
  /** Tasks waiting for a worker thread (always 0 in-process). */
  readonly queued: number
  /**
   * How tasks went to the workers (all 0 in-process): `light` without the values a worker keeps,
   * `whole` with them, `missed` light ones a worker lacked a value for (then sent whole, counted in
   * `whole` too). For tests and benches.
   */
  readonly messages: { readonly light: number; readonly whole: number; readonly missed: number }
  /**
   * Runs a task. When `signal` aborts (the execution timeout), the task is dropped from the queue or
   * its worker terminated and replaced, and the promise rejects with `TIMEOUT`. In-process, a task
   * already running cannot be stopped (a `marginEach` batch stops at its deadline between books, with
   * `TIMEOUT` too); one started after the abort is refused the same way. On the pool, a task
   * submitted while `maxQueued` tasks already wait is refused at once with `OVERLOADED` (503,
   * Retry-After 1 s) instead of waiting behind them past its timeout.
   */
  run: <T extends EngineTask>(task: T, signal?: AbortSignal) => Promise<EngineTaskResult[T['kind']]>
  /**
   * Resolves once every worker has loaded the engine: each thread has answered a no-op task
   * (workers load it in parallel when the pool starts). Rejects with `EngineBundleError` when the
   * engine could not be bundled for the workers, with {@link EngineStartError} when a worker failed
   * or they were not all ready within two minutes. At once in-process.
   */
  ready: () => Promise<void>
  /** Stops the workers (pending tasks reject). */
  close: () => Promise<void>
}

/**
 * Default size of the engine pool: one thread per core but one (left to the event loop), at least one.
 *
 * @example
 * defaultEngineThreads() // 1 on a 2-core machine
 */
export function defaultEngineThreads(): number {
  return Math.max(1, availableParallelism() - 1)
}

/**
 * Creates the engine runner: `threads` worker threads (piscina) running `@xmargin/engine`, so a long
 * computation never blocks the API's event loop and the execution timeout can stop it; `threads: 0`
 * runs the engine in-process. Inputs and results cross the thread boundary by structured clone
 * (plain data and bigints); the results equal the in-process ones, engine errors keep their name and
 * message (see `EngineWorkerError`). Throws {@link ApiSettingsError} for a negative or fractional size.
 *
 * @example
 * const engine = createEngineRunner({ threads: 2 })
 * const report = await engine.run({ kind: 'margin', input: { positions, prices, now, model: 'es' } }, signal)
 * await engine.close()
 */
export function createEngineRunner(parameters: {
  threads: number
  /** Most tasks waiting for a worker (pool only); default `defaultApiLimits.maxQueuedEngineTasks`. */
  maxQueued?: number | undefined
  /** A worker failed outside any task (e.g. at start); piscina replaces it. Default: ignored. */
  onWorkerError?: ((error: unknown) => void) | undefined
  /** Where the workers' module comes from; default {@link engineWorkerBundle} (tests pass their own). */
  bundle?: (() => Promise<URL>) | undefined
}): EngineRunner {
  const { threads, onWorkerError } = parameters
  const maxQueued = parameters.maxQueued ?? defaultApiLimits.maxQueuedEngineTasks
  if (!Number.isInteger(threads) || threads < 0)
    throw new ApiSettingsError(`engineThreads must be a non-negative integer, got ${threads}.`)
  let active = 0
  if (threads === 0)
    return {
      threads,
      get active() {
        return active
      },
      queued: 0,
      messages: { light: 0, whole: 0, missed: 0 },
      run: async (task, signal) => {
        if (signal?.aborted) throw abandoned()
        active++
        try {
          return await runEngineTaskInline(task)
        } catch (error) {
          throw timeoutOf(error)
        } finally {
          active--
        }
      },
      ready: async () => {},
      close: async () => {},
    }

  const messages = { light: 0, whole: 0, missed: 0 }
  // Each risk parameters object gets a key once; workers keep their copy under it, so the engine's
  // caches hit (parameters are never mutated once validated, as those caches already assume).
  const paramsKeys = new WeakMap<object, string>()
  let paramsCount = 0
  const paramsKeyOf = (params: object | undefined) => {
    if (params === undefined) return undefined
    let key = paramsKeys.get(params)
    if (key === undefined) {
      key = `params-${++paramsCount}`
      paramsKeys.set(params, key)
    }
    return key
  }
  // The workers load the engine as one bundled JavaScript file (see engine-bundle.ts); the pool starts
  // once that file is ready, and every task waits for it (a bundling error rejects each of them).
  let pool: Piscina<EngineWorkerMessage, EngineTaskOutcome> | undefined
  let stopKeeping: (() => void) | undefined
  let closed = false
  const started = (parameters.bundle ?? engineWorkerBundle)().then((file) => {
    if (closed) throw closedError()
    pool = new Piscina<EngineWorkerMessage, EngineTaskOutcome>({
      filename: file.href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Number.POSITIVE_INFINITY,
    })
    // Without a listener, an 'error' event (a worker failing outside a task) would end the process.
    pool.on('error', (error: unknown) => onWorkerError?.(error))
    stopKeeping = keepEngineBundle(file)
    return pool
  })
  // Not left unhandled when nothing runs before it fails: run and ready report it.
  started.catch(() => {})
  // What waits for the pool: the pool, or an error once the runner is closed (the bundle may never come).
  let onClose = () => {}
  const startedOrClosed = Promise.race([
    started,
    new Promise<never>((_, reject) => {
      onClose = () => reject(closedError())
    }),
  ])
  startedOrClosed.catch(() => {})
  // Tasks waiting for the pool to start: counted with piscina's queue against `maxQueued`.
  let waiting = 0
  const queued = () => (pool?.queueSize ?? 0) + waiting
  return {
    threads,
    get active() {
      return active
    },
    get queued() {
      return queued()
    },
    messages,
    run: async <T extends EngineTask>(task: T, signal?: AbortSignal) => {
      if (queued() >= maxQueued)
        throw new RetryLaterError(
          'OVERLOADED',
          `The engine is overloaded (${queued()} tasks waiting for ${threads} worker thread${threads === 1 ? '' : 's'}): retry in a second.`,
          1,
        )
      let outcome: EngineTaskOutcome
      active++
      try {
        let workers = pool
        if (workers === undefined) {
          waiting++
          try {
            workers = await untilAborted(startedOrClosed, signal)
          } finally {
            waiting--
          }
        }
        if (signal?.aborted) throw abandoned()
        const inputs = engineInputsOf(task)
        const params = inputs[0]?.params
        // Kept by key only when every input of the task shares the one parameters object.
        const shared = inputs.every((input) => input.params === params)
        const paramsKey = shared ? paramsKeyOf(params) : undefined
        const books = bookInputsOf(task)
        // No keys for a batch too large for a worker to keep (it would drop its own first keys).
        const keyed =
          books !== undefined &&
          books.reduce((n, input) => n + input.positions.length, 0) <= MAX_KEPT_POSITIONS / 2
        const keysBefore = keptKeyCount()
        const kept = keyed ? books.map(keptKeysOf) : undefined
        // A key made just now is in no worker yet: such a task goes whole at once.
        const fresh = keptKeyCount() !== keysBefore
        const options = signal ? { signal } : {}
        // Without what a worker keeps first (one that keeps it all runs it), then whole when the
        // worker that took it lacks something (a new or replaced worker, a key it dropped).
        const light =
          !fresh && (paramsKey !== undefined || kept?.some((keys) => keys !== null))
            ? lightTask(task, { params: paramsKey !== undefined, kept })
            : undefined
        if (light) messages.light++
        outcome = light
          ? await workers.run(
              { task: light, paramsKey, kept, light: true } satisfies EngineWorkerMessage,
              options,
            )
          : { ok: false, keptMissing: true }
        if (!outcome.ok && 'keptMissing' in outcome) {
          if (light) messages.missed++
          messages.whole++
          outcome = await workers.run({ task, paramsKey, kept } satisfies EngineWorkerMessage, options)
        }
      } catch (error) {
        if (signal?.aborted) throw abandoned()
        throw error
      } finally {
        active--
      }
      if (!outcome.ok)
        throw 'keptMissing' in outcome
          ? new Error('An engine worker asked for the values of a task sent whole.')
          : timeoutOf(fromErrorData(outcome.error))
      return outcome.value as EngineTaskResult[T['kind']]
    },
    // Rounds of one no-op task per thread until every thread of the pool is among the answers: it
    // does not rest on how piscina hands tasks to workers that are still loading.
    ready: async () => {
      const workers = await startedOrClosed
      const task: EngineWorkerMessage = { task: { kind: 'ready', input: null }, paramsKey: undefined }
      const answered = new Set<number>()
      const allAnswered = () =>
        workers.threads.length === threads && workers.threads.every((worker) => answered.has(worker.threadId))
      const notReady = (reason: string, cause?: unknown) =>
        new EngineStartError(
          `The engine's worker threads did not start: ${reason} (${answered.size} of ${threads} ready).`,
          { cause, details: cause instanceof Error ? cause.message : undefined },
        )
      // A worker that fails (its module throws as it loads, say) may leave the round's tasks waiting.
      let onError: (error: unknown) => void = () => {}
      const failed = new Promise<never>((_, reject) => {
        onError = (error) => reject(notReady('a worker thread failed', error))
      })
      failed.catch(() => {})
      workers.on('error', onError)
      const deadline = Date.now() + readyTimeoutMs
      try {
        while (!allAnswered()) {
          const left = deadline - Date.now()
          if (left <= 0) throw notReady(`not ready after ${readyTimeoutMs / 1000} s`)
          const round = Promise.all(
            Array.from({ length: threads }, () =>
              workers.run(task, { signal: AbortSignal.timeout(left) }).catch((error: unknown) => {
                throw notReady(
                  Date.now() >= deadline ? `not ready after ${readyTimeoutMs / 1000} s` : 'a task failed',
                  error,
                )
              }),
            ),
          )
          round.catch(() => {})
          for (const outcome of await Promise.race([round, failed])) {
            if (!outcome.ok) throw notReady('a worker answered with an error', outcome)
            answered.add(outcome.value as number)
          }
          if (!allAnswered()) await new Promise((resolve) => setTimeout(resolve, readyRoundMs))
        }
      } finally {
        workers.off('error', onError)
      }
    },
    close: async () => {
      closed = true
      onClose()
      stopKeeping?.()
      await pool?.destroy()
    },
  }
}

/**
 * The engine's worker threads did not all load the engine (`EngineRunner.ready`): one failed, or
 * they were not ready within two minutes.
 */
export class EngineStartError extends BaseError {
  override name = 'EngineStartError'
}

/** The longest `ready` waits for every worker thread (8–10 s was seen at load 13 before the bundle). */
const readyTimeoutMs = 120_000

const closedError = () => new Error('The engine runner is closed.')

/** `promise`, or `TIMEOUT` as soon as `signal` aborts (without waiting for `promise`). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abandoned())
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

/** Pause between `ready` rounds while a thread is still loading the engine. */
const readyRoundMs = 20

/** A batch past its deadline is the request's TIMEOUT, like the abort. */
const timeoutOf = (error: unknown) =>
  error instanceof BaseError && error.name === 'EngineDeadlineError'
    ? new ApiError('TIMEOUT', error.shortMessage, { cause: error })
    : error

const abandoned = () =>
  new ApiError('TIMEOUT', 'Engine work abandoned: the execution timeout fired before it finished.')
