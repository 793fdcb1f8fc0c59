import type { ModelName } from '@xmargin/engine'
import { Repeater } from 'graphql-yoga'
import type { BlockEventSource } from '../block-events.js'
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
}
/** Return type of {@link watchMargin}. */
export type WatchMarginReturnType<T> = AsyncIterable<T>

/**
 * Streams what `next` makes of the wallets' report: computed once at the start, then again whenever
 * a new indexed block arrives on any chain. Bursts of blocks coalesce into one recomputation; a
 * block that changes nothing `next` cares about sends nothing. Stops listening when the client goes
 * away; an error ends the stream with that error.
 *
 * @example
 * let last: string | undefined
 * const stream = watchMargin({
 *   marginService, blockEvents, wallets: ['0xabc…'], model: 'portfolio',
 *   next: (report) => (report.status === last ? undefined : ((last = report.status), report)),
 * })
 * for await (const report of stream) console.log(report.status)
 */
export function watchMargin<T>(parameters: WatchMarginParameters<T>): WatchMarginReturnType<T> {
  const { marginService, blockEvents, wallets, model, next } = parameters
  return new Repeater<T>(async (push, stop) => {
    let running = false
    let again = false
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
          let report: MarginReportView
          try {
            report = await marginService.forRequest().margin(wallets, { model, liquidationPrices: true })
          } catch (error) {
            // A reorg or re-index between the heads and the reads: compute again from the new heads.
            if (!isChainChangedError(error) || ++retries > 3) throw error
            again = true
            continue
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
    unsubscribe?.()
  })
}
