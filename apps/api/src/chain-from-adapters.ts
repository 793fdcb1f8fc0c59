import type { ChainAdapters } from '@xmargin/adapters'
import type { ApiChain } from './chain.js'

/** Parameters of {@link apiChainFromAdapters}. */
export type ApiChainFromAdaptersParameters = {
  /** A chain's bound adapters (from `adaptersFromManifest` or the config), with the wallet context's assets. */
  adapters: ChainAdapters & { contexts: { wallet: { assets: ReadonlyMap<string, { symbol: string }> } } }
  name: string
  /** Default `{ ETH: 'WETH' }`: the native coin is priced by the wrapped token's feed. */
  priceAliases?: Readonly<Record<string, string>> | undefined
  maxLagSeconds?: number | undefined
}
/** Return type of {@link apiChainFromAdapters}. */
export type ApiChainFromAdaptersReturnType = ApiChain

/**
 * Builds the API's view of a chain from the adapters the indexer runs with, so both map stored rows
 * the same way.
 *
 * @example
 * const adapters = await adaptersFromManifest({ manifest, clientOf })
 * const chains = adapters.map((a) => apiChainFromAdapters({ adapters: a, name: String(a.chainId) }))
 */
export function apiChainFromAdapters(
  parameters: ApiChainFromAdaptersParameters,
): ApiChainFromAdaptersReturnType {
  const { adapters } = parameters
  return {
    chainId: adapters.chainId,
    name: parameters.name,
    venues: adapters.adapters,
    assets: adapters.contexts.wallet.assets,
    priceAliases: parameters.priceAliases ?? { ETH: 'WETH' },
    maxLagSeconds: parameters.maxLagSeconds,
  }
}
