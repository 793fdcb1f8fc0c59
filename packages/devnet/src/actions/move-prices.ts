import { setTimeout as sleep } from 'node:timers/promises'
import type { Address, Hash } from 'viem'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { anvilKey } from '../config.js'
import { DevnetError } from '../errors.js'
import type { DevnetManifest, ManifestChain } from '../manifest.js'
import { perpClearingHouseConfigAbi } from '../perp/perp-abis.js'
import { advancePerpIndexTwap, settlePerpFunding } from '../perp/perp-index-price.js'
import { DERIVATIVES_OPERATOR_INDEX } from '../seed/wallets.js'
import { devnetFeedAbi } from './feed-abi.js'
import { mineTogether } from './mine-together.js'

/** Parameters of {@link movePrices}. */
export type MovePricesParameters = {
  /** Token symbols whose feeds move, on every chain that holds them. */
  symbols: readonly string[]
  /** The new answer (8 decimals) of a feed from its current one. */
  next: (move: { symbol: string; chainId: number; before: bigint }) => bigint
}
/** One feed moved: its answer before and after, 8 decimals. */
export type PriceMove = { chainId: number; symbol: string; feed: Address; before: bigint; after: bigint }
/** Return type of {@link movePrices}. */
export type MovePricesReturnType = {
  moves: PriceMove[]
  /** The timestamp of the block that holds every new answer, on every chain (none when nothing moved). */
  timestamp: bigint | undefined
}

/**
 * Sets new answers on the feeds of `symbols` on every chain, all in one block per chain stamped with
 * one timestamp (see `mineTogether`), so no reader sees one chain moved and another not. Feeds
 * already at their new answer are left alone. Refuses,
 * changing nothing, when a symbol is unknown, a feed is frozen or an answer would be ≤ 0. Where a
 * feed is a Perp market's index, Perp's funding is settled at the old price first and arbitrum then
 * moves one TWAP interval (1 s) on, so Perp's index shows the new price at once.
 *
 * @example
 * await movePrices(manifest, { symbols: ['WETH'], next: ({ before }) => (before * 8n) / 10n })
 */
export async function movePrices(
  manifest: DevnetManifest,
  parameters: MovePricesParameters,
): Promise<MovePricesReturnType> {
  const { symbols, next } = parameters
  const known = [...new Set(manifest.chains.flatMap((c) => c.tokens.map((t) => t.symbol)))]
  const unknown = symbols.filter((s) => !known.includes(s))
  if (unknown.length > 0)
    throw new DevnetError(`No devnet token ${unknown.join(', ')}.`, {
      details: `Known tokens: ${known.join(', ')}.`,
    })
  const chains = await Promise.all(
    manifest.chains.map(async (chain) => {
      const client = createDevnetClient({
        chainId: chain.chainId,
        rpcUrl: chain.rpcUrl,
        privateKey: anvilKey(0),
      })
      const feeds = await Promise.all(
        chain.tokens
          .filter((t) => symbols.includes(t.symbol))
          .map(async (token) => {
            const [frozen, before] = await Promise.all([
              client.readContract({ address: token.feed, abi: devnetFeedAbi, functionName: 'frozen' }),
              client.readContract({ address: token.feed, abi: devnetFeedAbi, functionName: 'latestAnswer' }),
            ])
            const after = next({ symbol: token.symbol, chainId: chain.chainId, before })
            return { symbol: token.symbol, feed: token.feed, frozen, before, after }
          }),
      )
      // A feed already at its new answer is left alone (no new round).
      const moving = feeds.filter((f) => f.after !== f.before)
      return {
        chain,
        client,
        feeds: moving,
        perp: perpIndexOf(
          chain,
          moving.map((f) => f.feed),
        ),
      }
    }),
  )
  const plan = chains.filter((c) => c.feeds.length > 0)
  const frozen = plan.flatMap((c) =>
    c.feeds.filter((f) => f.frozen).map((f) => `${f.symbol} on ${c.chain.chainId}`),
  )
  if (frozen.length > 0)
    throw new DevnetError(`A feed is frozen (stale): ${frozen.join(', ')}; nothing was changed.`, {
      details: `Resume it first: pnpm stale <asset> --resume`,
    })
  const nonPositive = plan.flatMap((c) =>
    c.feeds.filter((f) => f.after <= 0n).map((f) => `${f.symbol} on ${c.chain.chainId}`),
  )
  if (nonPositive.length > 0)
    throw new DevnetError(`The move would make ${nonPositive.join(', ')} non-positive; nothing was changed.`)

  if (plan.length === 0) return { moves: [], timestamp: undefined }
  for (const { chain, perp } of plan)
    if (perp) await settlePerpFunding(makerClient(chain, perp.maker), perp.clearingHouse)
  const { timestamp } = await mineTogether({
    clients: plan.map((c) => c.client),
    submit: async (client, i) => {
      const hashes: Hash[] = []
      for (const feed of plan[i]!.feeds)
        hashes.push(
          await client.writeContract({
            address: feed.feed,
            abi: devnetFeedAbi,
            functionName: 'setPrice',
            args: [feed.after],
          }),
        )
      return hashes
    },
  })
  for (const { client, perp } of plan)
    if (perp) await advancePerpIndexAfter(client, perp.clearingHouseConfig, timestamp)
  const moves = plan.flatMap(({ chain, feeds }) =>
    feeds.map((f) => ({
      chainId: chain.chainId,
      symbol: f.symbol,
      feed: f.feed,
      before: f.before,
      after: f.after,
    })),
  )
  return { moves, timestamp }
}

/**
 * Lets Perp's index TWAP (one interval, 1 s) pass the shock's timestamp. A chain mining on an
 * interval (a running `dev`) gets there on the wall clock, so we wait (at most 3 s) and mine, and
 * its clock stays with the wall clock; a chain mining per transaction (tests) jumps there.
 */
async function advancePerpIndexAfter(client: DevnetClient, clearingHouseConfig: Address, timestamp: bigint) {
  const interval = Number(await client.request({ method: 'anvil_getIntervalMining' as never }))
  const twap = await client.readContract({
    address: clearingHouseConfig,
    abi: perpClearingHouseConfigAbi,
    functionName: 'getTwapInterval',
  })
  const wait = (Number(timestamp) + Number(twap)) * 1000 - Date.now()
  if (interval === 0 || wait > 3000) return advancePerpIndexTwap(client, clearingHouseConfig)
  if (wait > 0) await sleep(wait + 50)
  await client.mine({ blocks: 1 })
  const block = await client.getBlock({ blockTag: 'latest' })
  if (block.timestamp < timestamp + BigInt(twap)) await advancePerpIndexTwap(client, clearingHouseConfig)
}

/** Perp v2's contracts on the chain when one of `feeds` is one of its markets' index feeds. */
function perpIndexOf(chain: ManifestChain, feeds: readonly Address[]) {
  const { perpClearingHouse: clearingHouse, perpClearingHouseConfig: clearingHouseConfig } = chain.contracts
  const perp = chain.venues?.perp
  if (!perp || !clearingHouse || !clearingHouseConfig) return undefined
  const moved = new Set(feeds.map((f) => f.toLowerCase()))
  const isIndex = Object.values(perp.markets).some((m) => moved.has(m.indexFeed.toLowerCase()))
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
