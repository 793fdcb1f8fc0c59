import { createPublicClient, webSocket } from 'viem'

export type CreateHeadWatcherParameters = {
  /** WebSocket RPC URL (anvil serves it on its HTTP port: `ws://127.0.0.1:8545`). */
  url: string
  /** A subscription error (the poll keeps the chain indexed meanwhile). */
  onError?: ((error: Error) => void) | undefined
}

/**
 * `IndexerChain.watchHeads` over WebSocket `eth_subscribe newHeads`: calls `onHead` on every new
 * block and returns an unsubscribe that also closes the socket. viem reconnects a dropped socket.
 *
 * @example
 * const chain = { ...chain, watchHeads: createHeadWatcher({ url: 'ws://127.0.0.1:8545' }) }
 */
export function createHeadWatcher(parameters: CreateHeadWatcherParameters) {
  const { url, onError } = parameters
  return (onHead: () => void): (() => void) => {
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
