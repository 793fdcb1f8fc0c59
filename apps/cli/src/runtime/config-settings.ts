import type { ResolvedConfig } from '../config/resolved-config.js'
import type { ChainSettings } from './create-chains.js'

/**
 * The indexer settings of a config's chains.
 *
 * @example
 * const settings = configChainSettings(config)
 */
export function configChainSettings(config: Pick<ResolvedConfig, 'chains'>): ChainSettings[] {
  return config.chains.map((c) => ({
    chainId: c.chainId,
    name: c.name,
    rpcUrls: c.rpcUrls,
    webSocketUrl: c.webSocketUrl,
    finalityDepth: c.finalityDepth,
    useFinalizedTag: c.useFinalizedTag,
    startBlock: c.startBlock,
    maxLagSeconds: c.maxLagSeconds,
    maxLogRange: c.maxLogRange,
  }))
}
