import { adaptersFromChainSpecs, type BoundChainAdapters, type VenueLog } from '@xmargin/adapters'
import type { ChainSpec } from '@xmargin/core'
import type { PublicClient } from 'viem'
import { IndexerError } from './errors.js'
import { createHeadWatcher } from './rpc/watch-heads.js'
import type { IndexerChain, IndexerChainOptions } from './types.js'

/** An indexer chain built from a chain spec: its adapters keep their per-venue contexts (the API maps with them). */
export type BoundIndexerChain = IndexerChain & { adapters: BoundChainAdapters }

/** What {@link bindIndexerChains} asks per chain: everything it does not bind itself. */
export type BoundChainOptions = IndexerChainOptions & {
  /** Follow new heads over this ws(s) URL (`watchHeads`); polling only without one. */
  webSocketUrl?: string | undefined
}

/** Parameters of {@link bindIndexerChains}. */
export type BindIndexerChainsParameters = {
  chains: readonly ChainSpec[]
  clientOf: (chainId: number) => PublicClient
  /** Per chain spec, called once its adapters are bound. */
  options: (chain: ChainSpec) => BoundChainOptions | Promise<BoundChainOptions>
  /** Where venues report what they detected while resolving (Aave's eMode layout), also on reloads. */
  log?: VenueLog | undefined
  /** A head subscription failed (the poll keeps the chain indexed meanwhile). */
  onHeadError?: ((chainId: number, error: Error) => void) | undefined
}

/** Return type of {@link bindIndexerChains}: one indexer chain per spec, in order. */
export type BindIndexerChainsReturnType = BoundIndexerChain[]

/**
 * The one place where chain specs become indexer chains: binds the adapters
 * (`adaptersFromChainSpecs`, which reads each venue's layout), gives each chain its client, a
 * `reloadAdapters` that re-reads only that chain's layout, and a WebSocket head watcher when
 * `options` names a URL. `options` supplies the rest (start block, finality…) and may override both.
 *
 * @example
 * const chains = await bindIndexerChains({ chains: specs, clientOf, options: () => ({ startBlock: 0n, finalityDepth: 10, useFinalizedTag: false }) })
 */
export async function bindIndexerChains(
  parameters: BindIndexerChainsParameters,
): Promise<BindIndexerChainsReturnType> {
  const { chains, clientOf, onHeadError, log } = parameters
  const adapters = await adaptersFromChainSpecs({ chains, clientOf, log })
  return Promise.all(
    adapters.map(async (chainAdapters): Promise<BoundIndexerChain> => {
      const { chainId } = chainAdapters
      const chain = chains.find((c) => c.chainId === chainId)
      if (!chain) throw new IndexerError(`Chain ${chainId} has adapters but no chain spec.`)
      const { webSocketUrl, ...options } = await parameters.options(chain)
      return {
        chainId,
        name: chain.name,
        uniswapV3Pools: chain.uniswapV3Pools ?? [],
        venues: chain.venues,
        client: clientOf(chainId),
        adapters: chainAdapters,
        // A venue reconfigured on chain (e.g. a new Aave reserve) re-reads this chain's layout.
        reloadAdapters: async () => {
          const [reloaded] = await adaptersFromChainSpecs({
            chains: [chain],
            clientOf,
            log,
          })
          if (!reloaded)
            throw new IndexerError(`Reloading the adapters of chain ${chainId} returned nothing.`)
          return reloaded
        },
        watchHeads: webSocketUrl
          ? createHeadWatcher({
              url: webSocketUrl,
              onError: onHeadError ? (error) => onHeadError(chainId, error) : undefined,
            })
          : undefined,
        ...options,
      }
    }),
  )
}
