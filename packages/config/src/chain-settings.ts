import type { ChainSpec } from '@xmargin/core'

/**
 * How the indexer follows one chain: its RPC URLs, an optional WebSocket for new heads, finality,
 * the first block to scan. Built from a config (`configChainSettings`) or from the devnet's defaults.
 */
export type ChainSettings = Pick<ChainSpec, 'chainId' | 'name'> & {
  rpcUrls: readonly [string, ...string[]]
  /** Follow new heads by `eth_subscribe newHeads` over this ws(s) URL; polling only without one. */
  webSocketUrl?: string | undefined
  finalityDepth: number
  useFinalizedTag: boolean
  /** `undefined`: the head at the first start (real networks: no scan of the whole history). */
  startBlock: bigint | undefined
  maxLagSeconds?: number | undefined
  maxLogRange?: number | undefined
}
