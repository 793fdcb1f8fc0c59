import { type Address, type Client, zeroAddress } from 'viem'
import { getBlockNumber } from 'viem/actions'
import type { ReadCall } from '../../adapter.js'
import { executeReads, MULTICALL3_ADDRESS } from '../../read/execute-reads.js'
import { successOf } from '../../read/read-result.js'
import { lower } from '../position-id.js'
import { aavePoolAbi, aaveTokenAbi } from './aave-v3-abis.js'
import type { AaveV3Reserve, AaveV3Venue } from './aave-v3-venue.js'
import { decodeReserveConfiguration } from './reserve-configuration.js'

export type ResolveAaveV3VenueParameters = {
  client: Client
  pool: Address
  oracle: Address
  multicall3?: Address | undefined
  /** Default: the latest block. */
  blockNumber?: bigint | undefined
}

export type ResolveAaveV3VenueReturnType = AaveV3Venue

type ReserveData = {
  configuration: { data: bigint }
  id: number
  aTokenAddress: Address
  stableDebtTokenAddress: Address
  variableDebtTokenAddress: Address
}

/**
 * Reads an Aave v3 market's static layout from its Pool in three batched requests: the reserve
 * list; each reserve's data (token addresses, id, configuration) and stable debt supply; the eMode
 * categories the reserves use. Run once at start and again on `StaleVenueConfigError`.
 *
 * @example
 * const venue = await resolveAaveV3Venue({ client, pool: chain.contracts.aavePool, oracle: chain.contracts.aaveOracle })
 */
export async function resolveAaveV3Venue(
  parameters: ResolveAaveV3VenueParameters,
): Promise<ResolveAaveV3VenueReturnType> {
  const { client, pool, oracle } = parameters
  const multicall3 = parameters.multicall3 ?? MULTICALL3_ADDRESS
  const blockNumber = parameters.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }))
  const read = async (calls: ReadCall[]) =>
    (await executeReads({ client, blockNumber, calls, multicallAddress: multicall3 })).results
  const [list] = await read([{ address: pool, abi: aavePoolAbi, functionName: 'getReservesList' }])
  const assets = successOf<readonly Address[]>(list, 'aave-v3 getReservesList')
  const dataResults = await read(
    assets.map((asset) => ({
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getReserveData',
      args: [asset],
    })),
  )
  const data = assets.map((asset, i) =>
    successOf<ReserveData>(dataResults[i], `aave-v3 getReserveData ${asset}`),
  )
  const supplyResults = await read(
    data.map((d) => ({ address: d.stableDebtTokenAddress, abi: aaveTokenAbi, functionName: 'totalSupply' })),
  )
  const reserves = assets.map((asset, i): AaveV3Reserve => {
    const d = data[i] as ReserveData
    const stableSupply = successOf<bigint>(supplyResults[i], `aave-v3 stable debt totalSupply ${asset}`)
    const { stableBorrowingEnabled } = decodeReserveConfiguration(d.configuration.data)
    return {
      asset: lower(asset),
      id: d.id,
      aToken: lower(d.aTokenAddress),
      variableDebtToken: lower(d.variableDebtTokenAddress),
      stableDebtToken: lower(d.stableDebtTokenAddress),
      readStableDebt:
        d.stableDebtTokenAddress !== zeroAddress && (stableBorrowingEnabled || stableSupply > 0n),
    }
  })
  const ids = [
    ...new Set(
      data
        .map((d) => decodeReserveConfiguration(d.configuration.data).eModeCategory)
        .filter((id) => id !== 0),
    ),
  ].sort((a, b) => a - b)
  const categoryResults = await read(
    ids.map((id) => ({ address: pool, abi: aavePoolAbi, functionName: 'getEModeCategoryData', args: [id] })),
  )
  const eModeCategories = ids.map((id, i) => ({
    id,
    priceSource: lower(
      successOf<{ priceSource: Address }>(categoryResults[i], `aave-v3 eMode ${id}`).priceSource,
    ),
  }))
  return { pool: lower(pool), oracle: lower(oracle), multicall3, reserves, eModeCategories }
}
