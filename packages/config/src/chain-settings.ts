import type { ChainFinality, ChainSpec } from '@xmargin/core'
import type { RpcUrls } from './define-config.js'

/**
 * How the indexer follows one chain: its RPC URLs, an optional WebSocket for new heads, finality,
 * the first block to scan. Built from a config (`configChainSettings`) or from the devnet's defaults.
 */
export type ChainSettings = Pick<ChainSpec, 'chainId' | 'name'> &
  ChainFinality & {
    rpcUrls: RpcUrls
    /** Follow new heads by `eth_subscribe newHeads` over this ws(s) URL; polling only without one. */
    webSocketUrl?: string | undefined
    /** `undefined`: the head at the first start (real networks: no scan of the whole history). */
    startBlock: bigint | undefined
    /** Head age in seconds after which the chain is stale (reports UNKNOWN). */
    maxLagSeconds?: number | undefined
    /** Largest block range for one `eth_getLogs` with this provider (split further when it refuses). */
    maxLogRange?: number | undefined
  }
