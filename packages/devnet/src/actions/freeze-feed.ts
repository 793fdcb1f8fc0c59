import type { Address } from 'viem'
import { createDevnetClient } from '../chain/client.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest } from '../manifest.js'
import { devnetFeedAbi } from './feed-abi.js'

/** The name `freezeFeed` gives an underlying's implied-volatility feeds: `ETH-IV`. */
export const volatilityFeedName = (underlying: string) => `${underlying}-IV`

export type FreezeFeedParameters = {
  /** A token symbol (`WETH`: its price feed) or `<underlying>-IV` (`ETH-IV`: every implied-vol feed of ETH). */
  symbol: string
  /** Only this chain; all chains holding the token when omitted. */
  chainId?: number | undefined
  /** true stops the feed from updating (it goes stale), false resumes it. */
  frozen: boolean
}

/**
 * Stops (or resumes) an asset's feed: a frozen feed accepts no new rounds, so its `updatedAt`
 * stays put while block time moves on, exactly like a stalled oracle. `ETH-IV` names the options
 * venue's implied-volatility feeds of ETH (every expiry).
 *
 * @example
 * await freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: true })
 * await freezeFeed(manifest, { symbol: 'ETH-IV', frozen: true })
 */
export async function freezeFeed(
  manifest: DevnetManifest,
  parameters: FreezeFeedParameters,
): Promise<{ chainId: number; feed: Address }[]> {
  const { symbol, chainId, frozen } = parameters
  const targets = manifest.chains
    .filter((c) => chainId === undefined || c.chainId === chainId)
    .flatMap((chain) => {
      const token = chain.tokens.find((t) => t.symbol === symbol)
      const volatility = (chain.venues?.options?.volatilityFeeds ?? []).filter(
        (v) => volatilityFeedName(v.underlying) === symbol,
      )
      return [...(token ? [token.feed] : []), ...volatility.map((v) => v.feed)].map((feed) => ({
        chain,
        feed,
      }))
    })
  if (targets.length === 0) {
    throw new DevnetError(`No ${symbol} feed${chainId === undefined ? '' : ` on chain ${chainId}`}.`)
  }
  return Promise.all(
    targets.map(async ({ chain, feed }) => {
      const client = createDevnetClient({
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        privateKey: anvilKey(0),
      })
      const hash = await client.writeContract({
        address: feed,
        abi: devnetFeedAbi,
        functionName: 'setFrozen',
        args: [frozen],
      })
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      if (receipt.status !== 'success')
        throw new DevnetError(`setFrozen on ${feed} (chain ${chain.chainId}) reverted.`)
      return { chainId: chain.chainId, feed }
    }),
  )
}
