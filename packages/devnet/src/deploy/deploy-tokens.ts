import type { Address } from 'viem'
import { createTxPipeline } from '../aave/tx-pipeline.js'
import type { DevnetClient } from '../chain/client.js'
import { type DevnetTokenSpec, FEED_DECIMALS } from '../config.js'
import { loadPackageArtifact, loadProjectArtifact } from './artifacts.js'

export const mintableErc20Artifact = () =>
  loadPackageArtifact('@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json')
export const priceFeedArtifact = () => loadProjectArtifact('DevnetPriceFeed')

export type DeployedToken = {
  symbol: string
  name: string
  address: Address
  decimals: number
  feed: Address
}

/**
 * Converts a USD price to a feed answer with 8 decimals, exactly for prices given with up to
 * 8 decimal places.
 *
 * @example
 * toFeedAnswer(3000) // 300000000000n
 */
export function toFeedAnswer(priceUsd: number): bigint {
  const [whole = '0', fraction = ''] = priceUsd.toFixed(FEED_DECIMALS).split('.')
  return BigInt(whole) * 10n ** BigInt(FEED_DECIMALS) + BigInt(fraction.padEnd(FEED_DECIMALS, '0'))
}

/**
 * Deploys one ERC-20 (Aave's MintableERC20: real decimals, open `mint`) and one USD price feed
 * per token on the client's chain.
 *
 * @example
 * const tokens = await deployTokens(client, devnetTokens)
 */
export async function deployTokens(
  client: DevnetClient,
  specs: readonly DevnetTokenSpec[],
): Promise<DeployedToken[]> {
  const erc20 = mintableErc20Artifact()
  const feedArtifact = priceFeedArtifact()
  // Back to back without waiting for receipts: the addresses follow from the nonces.
  const pipeline = await createTxPipeline(client)
  const deployed: DeployedToken[] = []
  for (const spec of specs) {
    const address = await pipeline.deploy(`${spec.symbol} token`, {
      artifact: erc20,
      args: [spec.name, spec.symbol, spec.decimals],
    })
    const feed = await pipeline.deploy(`${spec.symbol} feed`, {
      artifact: feedArtifact,
      args: [FEED_DECIMALS, `${spec.symbol} / USD`, toFeedAnswer(spec.priceUsd)],
    })
    deployed.push({ symbol: spec.symbol, name: spec.name, address, decimals: spec.decimals, feed })
  }
  await pipeline.flush()
  return deployed
}
