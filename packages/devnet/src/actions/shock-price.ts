import type { Address } from 'viem'
import { createDevnetClient } from '../chain/client.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest } from '../manifest.js'
import { devnetFeedAbi } from './feed-abi.js'

export type ShockPriceParameters = {
  symbol: string
  /** Percentage move, e.g. -20 for a 20% drop; precision 0.01%. */
  percent: number
}

export type ShockPriceReturnType = {
  chainId: number
  feed: Address
  before: bigint
  after: bigint
}[]

/**
 * Moves an asset's price by a percentage on every chain where it is deployed, through its feed
 * (Aave's oracle and the Morpho oracles read the same feeds, so every venue agrees). Refuses, and
 * changes nothing, if any of the asset's feeds is frozen.
 *
 * @example
 * await shockPrice(manifest, { symbol: 'WETH', percent: -20 })
 */
export async function shockPrice(
  manifest: DevnetManifest,
  parameters: ShockPriceParameters,
): Promise<ShockPriceReturnType> {
  const { symbol, percent } = parameters
  if (!Number.isFinite(percent) || percent <= -100) {
    throw new DevnetError(`Invalid shock ${percent}% for ${symbol}.`, {
      details: 'A shock must be above -100%.',
    })
  }
  const bps = BigInt(Math.round(percent * 100))
  const targets = manifest.chains.flatMap((chain) => {
    const token = chain.tokens.find((t) => t.symbol === symbol)
    return token ? [{ chain, feed: token.feed }] : []
  })
  if (targets.length === 0) {
    const known = [...new Set(manifest.chains.flatMap((c) => c.tokens.map((t) => t.symbol)))].join(', ')
    throw new DevnetError(`No devnet token ${symbol}.`, { details: `Known tokens: ${known}.` })
  }
  const plan = await Promise.all(
    targets.map(async ({ chain, feed }) => {
      const client = createDevnetClient({
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        privateKey: anvilKey(0),
      })
      const [frozen, before] = await Promise.all([
        client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'frozen' }),
        client.readContract({ address: feed, abi: devnetFeedAbi, functionName: 'latestAnswer' }),
      ])
      return { client, chainId: chain.chainId, feed, frozen, before }
    }),
  )
  const frozen = plan.filter((p) => p.frozen).map((p) => p.chainId)
  if (frozen.length > 0) {
    throw new DevnetError(
      `The ${symbol} feed is frozen (stale) on chain ${frozen.join(', ')}; nothing was changed.`,
      {
        details: `Resume it first: pnpm stale ${symbol} --resume`,
      },
    )
  }
  return Promise.all(
    plan.map(async ({ client, chainId, feed, before }) => {
      const after = (before * (10_000n + bps)) / 10_000n
      if (after <= 0n) throw new DevnetError(`Shock would make ${symbol} non-positive on chain ${chainId}.`)
      const hash = await client.writeContract({
        address: feed,
        abi: devnetFeedAbi,
        functionName: 'setPrice',
        args: [after],
      })
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      if (receipt.status !== 'success')
        throw new DevnetError(`setPrice on ${feed} (chain ${chainId}) reverted.`)
      return { chainId, feed, before, after }
    }),
  )
}
