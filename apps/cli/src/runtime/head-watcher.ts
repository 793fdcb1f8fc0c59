import type { IndexerChain } from '@xmargin/indexer'
import { createPublicClient, webSocket } from 'viem'

/** Parameters of {@link createHeadWatcher}. */
export type CreateHeadWatcherParameters = {
  /** WebSocket RPC URL (anvil serves it on its HTTP port: `ws://127.0.0.1:8545`). */
  url: string
  /** A subscription error (the indexer's poll keeps the chain indexed meanwhile). */
  onError?: ((error: Error) => void) | undefined
}
/** Return type of {@link createHeadWatcher}: an `IndexerChain.watchHeads`. */
export type CreateHeadWatcherReturnType = NonNullable<IndexerChain['watchHeads']>

/**
 * `IndexerChain.watchHeads` over WebSocket `eth_subscribe newHeads`: each subscription opens its own
 * socket, calls `onHead` on every new block and returns an unsubscribe that also closes the socket.
 * viem reconnects a dropped socket.
 *
 * The same as `createHeadWatcher` in `packages/indexer/src/rpc/watch-heads.ts`, which
 * `@xmargin/indexer` does not export yet; import it from there once it does and delete this file.
 *
 * @example
 * const chain = { ...chain, watchHeads: createHeadWatcher({ url: 'ws://127.0.0.1:8545' }) }
 */
export function createHeadWatcher(parameters: CreateHeadWatcherParameters): CreateHeadWatcherReturnType {
  const { url, onError } = parameters
  return (onHead) => {
    const client = createPublicClient({ transport: webSocket(url, { reconnect: true }) })
    const unwatch = client.watchBlockNumber({
      onBlockNumber: () => onHead(),
      onError: (error) => onError?.(error),
      emitOnBegin: false,
    })
    return () => {
      unwatch()
      void client.transport
        .getRpcClient()
        .then((rpc) => rpc.close())
        .catch(() => {})
    }
  }
}
