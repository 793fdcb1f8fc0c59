import type { Store, StoreError } from '@xmargin/store'

/** A new block was indexed (positions or prices of `chainId` may have changed). */
export type BlockEvent = { chainId: number; blockNumber: bigint }

/** Where the API learns about new indexed blocks: the indexer's `onBlock`, a poller, a test. */
export type BlockEventSource = {
  /** Registers a listener; returns the function that removes it. */
  subscribe: (listener: (event: BlockEvent) => void) => () => void
}

/** The indexer's callbacks (`createIndexer`/`startIndexer` take them as they are) that feed an emitter. */
export type IndexerBlockHooks = {
  /** A block was committed. */
  onBlock: (chainId: number, event: { blockNumber: bigint }) => void
  /** A chain's clock moved: the readers' cut in time can move with no new block (the API filters). */
  onClock: (chainId: number, event: { blockNumber: bigint }) => void
}

/** An in-process {@link BlockEventSource} with `emit`, and the indexer hooks that emit. */
export type BlockEventEmitter = BlockEventSource & {
  emit: (event: BlockEvent) => void
  indexerHooks: IndexerBlockHooks
}

/**
 * Creates an in-process block event emitter to wire the indexer to the API's subscriptions.
 *
 * @example
 * const blockEvents = createBlockEventEmitter()
 * const indexer = createIndexer({ ..., ...blockEvents.indexerHooks })
 * const api = createApiServer({ ..., blockEvents })
 */
export function createBlockEventEmitter(): BlockEventEmitter {
  const listeners = new Set<(event: BlockEvent) => void>()
  const emit = (event: BlockEvent) => {
    for (const listener of [...listeners]) listener(event)
  }
  const fromIndexer = (chainId: number, { blockNumber }: { blockNumber: bigint }) =>
    emit({ chainId, blockNumber })
  return {
    subscribe(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
    emit,
    indexerHooks: { onBlock: fromIndexer, onClock: fromIndexer },
  }
}

/** Parameters of {@link createStoreBlockEvents}. */
export type CreateStoreBlockEventsParameters = {
  /** The store another process's indexer writes (`store.watchBlocks` sees its commits). */
  store: Pick<Store, 'watchBlocks'>
  /** A look at the store that failed (the next one tries again): log it. */
  onError?: ((error: StoreError) => void) | undefined
}

/**
 * A {@link BlockEventSource} for an API without the indexer in its process (`xmargin serve`): the
 * store's own change signal (`store.watchBlocks`) for blocks another process commits. The store
 * watches only while a subscriber listens, one watch per listener. A chain whose tip went away
 * (a reset) reports nothing: no block to compute at.
 *
 * @example
 * const api = createApiServer({ store, chains, blockEvents: createStoreBlockEvents({ store, onError: (e) => logger.warn(e) }) })
 */
export function createStoreBlockEvents(parameters: CreateStoreBlockEventsParameters): BlockEventSource {
  const { store, onError } = parameters
  return {
    subscribe: (listener) =>
      store.watchBlocks({
        onBlock: ({ chainId, blockNumber }) => {
          if (blockNumber !== null) listener({ chainId, blockNumber: BigInt(blockNumber) })
        },
        onError,
      }),
  }
}
