import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { DevnetError } from '../errors.js'
import type { PerpMarket } from './deploy-perp-market.js'
import { perpBaseTokenAbi, perpClearingHouseAbi, perpClearingHouseConfigAbi } from './perp-abis.js'

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
 * Settles the client account's funding (`ClearingHouse.settleAllFunding`, which Perp lets only the
 * account itself call), which also brings the global funding of each of its markets up to now.
 * Perp prices the funding of the whole period since a market's last settlement at the premium of
 * the moment, so before moving an index on a quiet devnet, settle at the old price, as continuous
 * trading on a live market would. Use an account that is in every market (the maker).
 *
 * @example
 * await settlePerpFunding(maker, perp.clearingHouse)
 * await ethFeed.write.setPrice([2700_00000000n])
 */
export async function settlePerpFunding(client: DevnetClient, clearingHouse: Address): Promise<void> {
  await confirmTx(
    client,
    'Perp v2: settleAllFunding',
    client.writeContract({
      address: clearingHouse,
      abi: perpClearingHouseAbi,
      functionName: 'settleAllFunding',
      args: [client.account.address],
    }),
  )
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
