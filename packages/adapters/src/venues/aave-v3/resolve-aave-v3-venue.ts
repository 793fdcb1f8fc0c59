import { type Address, type Client, zeroAddress } from 'viem'
import { getBlockNumber } from 'viem/actions'
import type { ReadCall, ReadResult } from '../../adapter.js'
import { executeReads, MULTICALL3_ADDRESS } from '../../read/execute-reads.js'
import { successOf } from '../../read/read-result.js'
import { lower } from '../position-id.js'
import { aavePoolAbi, aaveTokenAbi } from './aave-v3-abis.js'
import type { AaveV3EModeCategory, AaveV3EModeLayout, AaveV3Reserve, AaveV3Venue } from './aave-v3-venue.js'
import { detectAaveV3EModeLayout } from './detect-aave-v3-emode-layout.js'
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

/** eMode category ids are a `uint8`; 0 is "no eMode". */
const CATEGORY_IDS = Array.from({ length: 255 }, (_, i) => i + 1)

/**
 * Reads an Aave v3 market's static layout from its Pool in a few batched requests: the eMode
 * layout (`detectAaveV3EModeLayout`: v3.0 reserve bits or v3.2+ category bitmaps); the reserve
 * list; each reserve's data (token addresses, id, configuration) and stable debt supply (reserves
 * listed since v3.2 have no stable debt token); every configured eMode category (ids 1–255 whose
 * liquidation threshold is not 0) with its label and, on v3.0, its price source. Run once at start
 * and again on `StaleVenueConfigError`.
 *
 * @example
 * const venue = await resolveAaveV3Venue({ client, pool: chain.contracts.aavePool, oracle: chain.contracts.aaveOracle })
 * venue.eModeLayout // 'v3.0' on the devnet's core-v3 1.19.3, 'v3.2' on live markets
 */
export async function resolveAaveV3Venue(
  parameters: ResolveAaveV3VenueParameters,
): Promise<ResolveAaveV3VenueReturnType> {
  const { client, pool, oracle } = parameters
  const multicall3 = parameters.multicall3 ?? MULTICALL3_ADDRESS
  const blockNumber = parameters.blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }))
  const read = async (calls: ReadCall[]) =>
    (await executeReads({ client, blockNumber, calls, multicallAddress: multicall3 })).results
  const eModeLayout = await detectAaveV3EModeLayout({ pool, read })
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
  const withStableToken = data.filter((d) => d.stableDebtTokenAddress !== zeroAddress)
  const supplyResults = await read(
    withStableToken.map((d) => ({
      address: d.stableDebtTokenAddress,
      abi: aaveTokenAbi,
      functionName: 'totalSupply',
    })),
  )
  const stableSupply = new Map(
    withStableToken.map((d, i) => [
      d.stableDebtTokenAddress,
      successOf<bigint>(supplyResults[i], `aave-v3 stable debt totalSupply ${d.stableDebtTokenAddress}`),
    ]),
  )
  const reserves = assets.map((asset, i): AaveV3Reserve => {
    const d = data[i] as ReserveData
    const { stableBorrowingEnabled } = decodeReserveConfiguration(d.configuration.data, eModeLayout)
    const supply = stableSupply.get(d.stableDebtTokenAddress) ?? 0n
    return {
      asset: lower(asset),
      id: d.id,
      aToken: lower(d.aTokenAddress),
      variableDebtToken: lower(d.variableDebtTokenAddress),
      stableDebtToken: lower(d.stableDebtTokenAddress),
      readStableDebt: d.stableDebtTokenAddress !== zeroAddress && (stableBorrowingEnabled || supply > 0n),
    }
  })
  const eModeCategories = await readEModeCategories(pool, eModeLayout, read)
  return { pool: lower(pool), oracle: lower(oracle), multicall3, reserves, eModeLayout, eModeCategories }
}

/** Every configured category (liquidation threshold ≠ 0, as `setEModeCategory` requires) by the layout's getters. */
async function readEModeCategories(
  pool: Address,
  layout: AaveV3EModeLayout,
  read: (calls: ReadCall[]) => Promise<readonly ReadResult[]>,
): Promise<AaveV3EModeCategory[]> {
  type Legacy = { liquidationThreshold: number; priceSource: Address; label: string }
  const functionName = layout === 'v3.0' ? 'getEModeCategoryData' : 'getEModeCategoryCollateralConfig'
  const results = await read(
    CATEGORY_IDS.map((id) => ({
      address: pool,
      abi: aavePoolAbi,
      functionName,
      args: [id],
      label: `aave-v3 ${functionName} ${id}`,
    })),
  )
  const configured = CATEGORY_IDS.flatMap((id, i) => {
    const config = successOf<Legacy>(results[i], `aave-v3 ${functionName} ${id}`)
    return config.liquidationThreshold === 0 ? [] : [{ id, config }]
  })
  if (layout === 'v3.0') {
    return configured.map(({ id, config }) => ({
      id,
      priceSource: lower(config.priceSource),
      label: config.label,
    }))
  }
  const labels = await read(
    configured.map(({ id }) => ({
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getEModeCategoryLabel',
      args: [id],
      label: `aave-v3 getEModeCategoryLabel ${id}`,
    })),
  )
  return configured.map(({ id }, i) => ({
    id,
    priceSource: zeroAddress,
    label: successOf<string>(labels[i], `aave-v3 getEModeCategoryLabel ${id}`),
  }))
}
