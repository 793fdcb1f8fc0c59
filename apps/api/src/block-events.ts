/** A new block was indexed (positions or prices of `chainId` may have changed). */
export type BlockEvent = { chainId: number; blockNumber: bigint }

/** Where the API learns about new indexed blocks: the indexer's `onBlock`, a poller, a test. */
export type BlockEventSource = {
  /** Registers a listener; returns the function that removes it. */
  subscribe: (listener: (event: BlockEvent) => void) => () => void
}

/** An in-process {@link BlockEventSource} with `emit`. */
export type BlockEventEmitter = BlockEventSource & { emit: (event: BlockEvent) => void }

/**
 * Creates an in-process block event emitter to wire the indexer to the API's subscriptions.
 *
 * @example
 * const blockEvents = createBlockEventEmitter()
 * const indexer = createIndexer({ ..., onBlock: (chainId, r) => blockEvents.emit({ chainId, blockNumber: r.blockNumber }) })
 * const api = createApiServer({ ..., blockEvents })
 */
export function createBlockEventEmitter(): BlockEventEmitter {
  const listeners = new Set<(event: BlockEvent) => void>()
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit(event) {
      for (const listener of [...listeners]) listener(event)
    },
  }
}
