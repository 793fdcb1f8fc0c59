import type { Store } from '@xmargin/store'
import type { BlockEvent, BlockEventSource } from './block-events.js'

/** Parameters of {@link createCutEvents}. */
export type CreateCutEventsParameters = {
  store: Store
  chainIds: readonly number[]
  /** Raw events: an indexed block, a chain clock that moved, a poller noticing another process's writes. */
  source: BlockEventSource
  /** Reports a failed heads read (the next raw event tries again). */
  onError?: ((error: unknown) => void) | undefined
}

/**
 * The API's view of new data: one event per chain whose *served* block (`getChainHeads`' one cut in
 * time) changed, whatever raw events caused it. A block indexed above the cut, or on one chain of a
 * change mined on several, emits nothing; the clock tick that moves the cut past it emits then, once
 * for every chain whose served block moved. Raw events that arrive while heads are being read are
 * folded into one more read. Listens to `source` only while someone listens here.
 *
 * @example
 * const events = createCutEvents({ store, chainIds: [1, 42161], source: blockEvents })
 * const stop = events.subscribe(({ chainId, blockNumber }) => console.log(chainId, blockNumber))
 */
export function createCutEvents(parameters: CreateCutEventsParameters): BlockEventSource {
  const { store, chainIds, source, onError } = parameters
  const listeners = new Set<(event: BlockEvent) => void>()
  /** Served block hash per chain at the last read (null: nothing served). */
  let served: Map<number, string | null> | undefined
  let unsubscribe: (() => void) | undefined
  let reading = false
  let again = false

  const read = async () => {
    if (reading) {
      again = true
      return
    }
    reading = true
    try {
      do {
        again = false
        const heads = await store.getChainHeads({ chainIds })
        const next = new Map(heads.map((h) => [h.chain.chainId, h.served?.hash ?? null]))
        const previous = served
        served = next
        if (!previous) continue
        for (const head of heads) {
          const hash = next.get(head.chain.chainId) ?? null
          if (hash === (previous.get(head.chain.chainId) ?? null) || !head.served) continue
          const event = { chainId: head.chain.chainId, blockNumber: BigInt(head.served.number) }
          for (const listener of [...listeners]) listener(event)
        }
      } while (again && listeners.size > 0)
    } catch (error) {
      onError?.(error)
    } finally {
      reading = false
    }
  }

  return {
    subscribe(listener) {
      listeners.add(listener)
      if (!unsubscribe) {
        unsubscribe = source.subscribe(() => void read())
        // The baseline. Read as the first subscriber computes its first report: a served block that
        // changes between the two reaches it with the next change (a window of milliseconds, once;
        // later subscribers find the baseline kept current).
        void read()
      }
      return () => {
        listeners.delete(listener)
        if (listeners.size === 0) {
          unsubscribe?.()
          unsubscribe = undefined
          served = undefined
        }
      }
    },
  }
}
