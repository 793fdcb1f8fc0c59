import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import type { PerpMarket } from './deploy-perp-market.js'
import { perpBaseTokenAbi, perpClearingHouseConfigAbi } from './perp-abis.js'

/**
 * Moves the chain one TWAP interval (1 s on the devnet) forward and mines a block, so that Perp's
 * index TWAP (`BaseToken.getIndexPrice(twapInterval)`) reflects a feed price set just before.
 * Call it after `setPrice` on the feeds behind Perp's markets (the `shock` command on 42161).
 *
 * @example
 * await ethFeed.write.setPrice([3300_00000000n])
 * await advancePerpIndexTwap(client, perp.clearingHouseConfig)
 */
export async function advancePerpIndexTwap(
  client: DevnetClient,
  clearingHouseConfig: Address,
): Promise<void> {
  const seconds = await client.readContract({
    address: clearingHouseConfig,
    abi: perpClearingHouseConfigAbi,
    functionName: 'getTwapInterval',
  })
  await client.increaseTime({ seconds })
  await client.mine({ blocks: 1 })
}

/**
 * Checks that every market's index price reads. Perp's `ChainlinkPriceFeed` walks the feed's rounds
 * back over the TWAP window and fails while the feed's first round is younger than the window
 * (same second as its deployment, as blocks share timestamps); one interval forward fixes that.
 *
 * @example
 * await ensureIndexPricesReadable(client, perp.clearingHouseConfig, Object.values(perp.markets))
 */
export async function ensureIndexPricesReadable(
  client: DevnetClient,
  clearingHouseConfig: Address,
  markets: readonly PerpMarket[],
): Promise<void> {
  const interval = await client.readContract({
    address: clearingHouseConfig,
    abi: perpClearingHouseConfigAbi,
    functionName: 'getTwapInterval',
  })
  const readAll = () =>
    Promise.all(
      markets.map((market) =>
        client.readContract({
          address: market.baseToken,
          abi: perpBaseTokenAbi,
          functionName: 'getIndexPrice',
          args: [BigInt(interval)],
        }),
      ),
    )
  try {
    await readAll()
    return
  } catch {
    await advancePerpIndexTwap(client, clearingHouseConfig)
  }
  try {
    await readAll()
  } catch (cause) {
    throw new DevnetError('Perp v2: a market index price does not read.', {
      details: 'BaseToken.getIndexPrice reverts; check the feed behind its ChainlinkPriceFeed adapter.',
      cause,
    })
  }
}
