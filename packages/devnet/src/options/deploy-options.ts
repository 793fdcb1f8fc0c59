import { type Address, stringToHex } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { loadProjectArtifact } from '../deploy/artifacts.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { referenceOptionsVenueAbi } from './options-abi.js'

export type OptionsUnderlyingSymbol = 'ETH' | 'BTC'

export type DeployOptionsVenueParameters = {
  /** USDC (6 decimals) on the chain: premium, collateral and settlement currency. */
  usdc: Address
  /** Underlyings with their devnet USD feeds (8 decimals). */
  underlyings: readonly { symbol: OptionsUnderlyingSymbol; feed: Address }[]
}

export type OptionsVenueDeployment = {
  /** The local reference options venue (`ReferenceOptionsVenue`), not a real protocol. */
  optionsVenue: Address
  usdc: Address
  underlyings: Partial<Record<OptionsUnderlyingSymbol, { feed: Address }>>
}

/**
 * The venue's `bytes32` key of an underlying symbol.
 *
 * @example
 * underlyingKey('ETH') // 0x4554480000…
 */
export function underlyingKey(symbol: OptionsUnderlyingSymbol): `0x${string}` {
  return stringToHex(symbol, { size: 32 })
}

/**
 * Deploys the devnet's local reference options venue (compiled from
 * `contracts/options/ReferenceOptionsVenue.sol`) and lists the underlyings with their feeds.
 * The client's account becomes its owner.
 *
 * @example
 * const options = await deployOptionsVenue(client, { usdc, underlyings: [{ symbol: 'ETH', feed: ethFeed }] })
 */
export async function deployOptionsVenue(
  client: DevnetClient,
  parameters: DeployOptionsVenueParameters,
): Promise<OptionsVenueDeployment> {
  const { usdc } = parameters
  const optionsVenue = await deployContract(client, {
    artifact: loadProjectArtifact('ReferenceOptionsVenue'),
    args: [usdc],
  })
  const underlyings: OptionsVenueDeployment['underlyings'] = {}
  for (const { symbol, feed } of parameters.underlyings) {
    await confirmTx(
      client,
      `Options venue: list ${symbol}`,
      client.writeContract({
        address: optionsVenue,
        abi: referenceOptionsVenueAbi,
        functionName: 'listUnderlying',
        args: [underlyingKey(symbol), feed],
      }),
    )
    underlyings[symbol] = { feed }
  }
  return { optionsVenue, usdc, underlyings }
}
