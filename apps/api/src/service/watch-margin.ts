import type { ModelName } from '@xmargin/engine'
import { Repeater } from 'graphql-yoga'
import type { BlockEventSource } from '../block-events.js'
import type { MarginService } from './margin-service.js'
import type { MarginReportView } from './report-view.js'
import { isChainChangedError } from './request-loaders.js'

/** Parameters of {@link watchMargin}. */
export type WatchMarginParameters = {
  marginService: MarginService
  blockEvents: BlockEventSource | undefined
  wallets: readonly string[]
  model: ModelName
  /** Only push reports that pass this test (e.g. health below a threshold). */
  filter?: ((report: MarginReportView) => boolean) | undefined
}
/** Return type of {@link watchMargin}. */
export type WatchMarginReturnType = AsyncIterable<MarginReportView>

/**
 * Streams a report: the current one first, then a new one whenever a new indexed block changes it
 * (same figures are not re-sent; ages do not count as a change). Bursts of blocks coalesce into one
 * recomputation. Stops listening when the client goes away.
 *
 * @example
 * for await (const report of watchMargin({ marginService, blockEvents, wallets: ['0xabc…'], model: 'portfolio' })) {
 *   console.log(report.status)
 * }
 */
export function watchMargin(parameters: WatchMarginParameters): WatchMarginReturnType {
  const { marginService, blockEvents, wallets, model, filter } = parameters
  return new Repeater<MarginReportView>(async (push, stop) => {
    let running = false
    let again = false
    let last: string | undefined
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
          const print = fingerprint(report)
          if (print !== last) {
            last = print
            if (!filter || filter(report)) await push(report)
          }
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

function fingerprint(report: MarginReportView): string {
  return JSON.stringify([
    report.status,
    report.statusReasons,
    report.equity,
    report.initialMargin,
    report.maintenanceMargin,
    report.health,
    report.freshness.map((c) => [c.chainId, c.blockNumber?.toString(), c.stale]),
    report.positions.map((p) => [p.id, p.amount.toString(), p.value]),
  ])
}
