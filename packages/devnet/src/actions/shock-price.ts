import type { Address } from 'viem'
import { createDevnetClient } from '../chain/client.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest, ManifestChain } from '../manifest.js'
import { advancePerpIndexTwap, settlePerpFunding } from '../perp/perp-index-price.js'
import { DERIVATIVES_OPERATOR_INDEX } from '../seed/wallets.js'
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
 * (Aave's oracle, the Morpho oracles, the options venue and Perp v2's index read the same feeds, so
 * every venue agrees). Where the feed is a Perp market's index, Perp's funding is first settled at
 * the old price (see `settlePerpFunding`) and the chain then moves one TWAP interval (1 s) forward
 * so Perp's index shows the new price at once. Refuses, and changes nothing,
 * if any of the asset's feeds is frozen.
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
      return { client, chain, chainId: chain.chainId, feed, frozen, before, perp: perpIndexOf(chain, feed) }
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
    plan.map(async ({ client, chain, chainId, feed, before, perp }) => {
      const after = (before * (10_000n + bps)) / 10_000n
      if (after <= 0n) throw new DevnetError(`Shock would make ${symbol} non-positive on chain ${chainId}.`)
      if (perp) await settlePerpFunding(makerClient(chain, perp.maker), perp.clearingHouse)
      const hash = await client.writeContract({
        address: feed,
        abi: devnetFeedAbi,
        functionName: 'setPrice',
        args: [after],
      })
      const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 })
      if (receipt.status !== 'success')
        throw new DevnetError(`setPrice on ${feed} (chain ${chainId}) reverted.`)
      if (perp) await advancePerpIndexTwap(client, perp.clearingHouseConfig)
      return { chainId, feed, before, after }
    }),
  )
}

/** Perp v2's contracts on the chain when `feed` is one of its markets' index feeds. */
function perpIndexOf(chain: ManifestChain, feed: Address) {
  const { perpClearingHouse: clearingHouse, perpClearingHouseConfig: clearingHouseConfig } = chain.contracts
  const perp = chain.venues?.perp
  if (!perp || !clearingHouse || !clearingHouseConfig) return undefined
  const isIndex = Object.values(perp.markets).some((m) => m.indexFeed.toLowerCase() === feed.toLowerCase())
  return isIndex ? { clearingHouse, clearingHouseConfig, maker: perp.maker } : undefined
}

/** The Perp maker's client: Perp settles an account's funding only when the account itself asks. */
function makerClient(chain: ManifestChain, maker: Address) {
  const client = createDevnetClient({
    chainId: chain.chainId,
    rpcUrl: chain.rpcUrl,
    privateKey: anvilKey(DERIVATIVES_OPERATOR_INDEX),
  })
  if (client.account.address.toLowerCase() !== maker.toLowerCase()) {
    throw new DevnetError(`The Perp maker on chain ${chain.chainId} is not the devnet's operator account.`)
  }
  return client
}
