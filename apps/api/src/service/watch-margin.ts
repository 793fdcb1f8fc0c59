import type { ModelName } from '@xmargin/engine'
import { Repeater } from 'graphql-yoga'
import type { BlockEventSource } from '../block-events.js'
import { ApiError, RetryLaterError } from '../errors.js'
import type { TakeResult } from '../server/token-buckets.js'
import type { MarginService } from './margin-service.js'
import type { MarginReportView } from './report-view.js'
import { isChainChangedError } from './request-loaders.js'

/** Parameters of {@link watchMargin}. */
export type WatchMarginParameters<T> = {
  marginService: MarginService
  blockEvents: BlockEventSource | undefined
  wallets: readonly string[]
  model: ModelName
  /**
   * Called with every recomputed report, in order (the first right away, then one per burst of
   * indexed blocks): what to send, or `undefined` to send nothing. It holds the subscription's
   * memory (the last fingerprint sent, the side of a threshold).
   */
  next: (report: MarginReportView) => T | undefined | Promise<T | undefined>
  /**
   * Charges the client for one recomputation (each one after the first, which the subscription paid
   * when it subscribed): its rate-limit bucket. Default: free.
   */
  charge?: (() => TakeResult) | undefined
  /** Longest recomputation (the request execution timeout): past it, its engine work is abandoned. */
  timeoutMs?: number | undefined
}
/**
 * What the stream yields: a payload, or a coded error to send as an error event (the subscription
 * goes on): `RATE_LIMITED` once when it pauses, `TIMEOUT` for a recomputation past `timeoutMs`.
 */
export type WatchMarginReturnType<T> = AsyncIterable<T | ApiError>

/**
 * Streams what `next` makes of the wallets' report: computed once at the start, then again whenever
 * a new indexed block arrives on any chain. Bursts of blocks coalesce into one recomputation; a
 * block that changes nothing `next` cares about sends nothing. Every recomputation runs on the
 * engine pool under `timeoutMs` (its work abandoned past it: a `TIMEOUT` error event) and is charged
 * to the client (`charge`): a client over its work rate gets one `RATE_LIMITED` error event (with
 * `retryAfterSeconds`) and its subscription is paused, skipping blocks until its bucket holds the
 * cost again; the first block after that recomputes and sends as usual. Stops listening, and
 * abandons a recomputation in flight, when the client goes away; any other error ends the stream.
 *
 * @example
 * let last: string | undefined
 * const stream = watchMargin({
 *   marginService, blockEvents, wallets: ['0xabc…'], model: 'portfolio', charge: () => ctx.chargeWork(1), timeoutMs: 15_000,
 *   next: (report) => (report.status === last ? undefined : ((last = report.status), report)),
 * })
 * for await (const report of stream) if (!(report instanceof ApiError)) console.log(report.status)
 */
export function watchMargin<T>(parameters: WatchMarginParameters<T>): WatchMarginReturnType<T> {
  const { marginService, blockEvents, wallets, model, next, charge, timeoutMs } = parameters
  return new Repeater<T | ApiError>(async (push, stop) => {
    let running = false
    let again = false
    let first = true
    let paused = false
    let stopped = false
    let inFlight: AbortController | undefined
    const refresh = async () => {
      if (running) {
        again = true
        return
      }
      running = true
      let retries = 0
      try {
        do {
          again = false
          if (!first && charge) {
            const taken = charge()
            if (!taken.ok) {
              if (!paused) {
                paused = true
                await push(
                  new RetryLaterError(
                    'RATE_LIMITED',
                    `Subscription paused: this client is over its work rate; new blocks are skipped until about ${taken.retryAfterSeconds} s from now, then it resumes on the next block.`,
                    taken.retryAfterSeconds,
                  ),
                )
              }
              continue
            }
            paused = false
          }
          first = false
          const controller = new AbortController()
          inFlight = controller
          const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(), timeoutMs)
          let report: MarginReportView
          try {
            report = await marginService
              .forRequest(controller.signal)
              .margin(wallets, { model, liquidationPrices: true })
          } catch (error) {
            if (stopped) return
            // A reorg or re-index between the heads and the reads: compute again from the new heads.
            if (isChainChangedError(error) && ++retries <= 3) {
              again = true
              continue
            }
            if (controller.signal.aborted) {
              await push(
                new ApiError(
                  'TIMEOUT',
                  `Recomputation exceeded ${timeoutMs} ms and was abandoned; the next block tries again.`,
                ),
              )
              continue
            }
            throw error
          } finally {
            clearTimeout(timer)
            inFlight = undefined
          }
          const payload = await next(report)
          if (payload !== undefined) await push(payload)
        } while (again)
      } catch (error) {
        stop(error)
      } finally {
        running = false
      }
    }
    const unsubscribe = blockEvents?.subscribe(() => void refresh())
    void refresh()
    await stop
    stopped = true
    inFlight?.abort()
    unsubscribe?.()
  })
}
