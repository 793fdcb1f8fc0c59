import { type Address, zeroAddress } from 'viem'
import type { AdapterContext, ReadCall, ReadResult } from '../../adapter.js'
import { StaleVenueConfigError } from '../../errors/adapter-errors.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { multicall3BalanceAbi } from '../wallet/wallet-abis.js'
import { aaveOracleAbi, aavePoolAbi } from './aave-v3-abis.js'
import type { AaveV3Venue } from './aave-v3-venue.js'
import { decodeReserveConfiguration, type ReserveConfiguration } from './reserve-configuration.js'

/** One reserve's state at a block. */
export type AaveV3ReserveState = {
  configuration: ReserveConfiguration
  /** `getReserveNormalizedIncome`, ray. */
  liquidityIndex: bigint
  /** `getReserveNormalizedVariableDebt`, ray. */
  variableBorrowIndex: bigint
  /** `AaveOracle.getAssetPrice`, base currency (USD, 8 decimals). */
  price: bigint
}

/** An eMode category at a block. */
export type AaveV3EModeState = {
  ltv: number
  liquidationThreshold: number
  /** Basis points, 10000 + bonus. */
  liquidationBonus: number
  priceSource: Address
  /** Oracle price of `priceSource`; 0 when the category has none (always on the `v3.2` layout). */
  price: bigint
  /**
   * `v3.2` layout only: the category's bitmaps as read (bit = reserve id) and the reserves (assets,
   * lowercased) they name: the category's LTV/threshold/bonus apply to the collateral ones, and
   * only the borrowable ones may be borrowed in it.
   */
  bitmaps?:
    | {
        collateral: bigint
        borrowable: bigint
        collateralAssets: ReadonlySet<Address>
        borrowableAssets: ReadonlySet<Address>
      }
    | undefined
}

/** What the Aave adapter reads once per block. Keys lowercased. */
export type AaveV3Shared = {
  /** Block timestamp (stable debt accrues on it). */
  timestamp: bigint
  reserves: ReadonlyMap<string, AaveV3ReserveState>
  eModes: ReadonlyMap<number, AaveV3EModeState>
}

/** The `v3.2` layout's per-category reads, in decode order. */
const V32_CATEGORY_READS = [
  'getEModeCategoryCollateralConfig',
  'getEModeCategoryCollateralBitmap',
  'getEModeCategoryBorrowableBitmap',
] as const

/**
 * The per-block reads: block timestamp, the reserve list (to notice new listings), each reserve's
 * configuration and both normalized indexes, every reserve price in one `getAssetsPrices`, each
 * eMode category by the pool's layout: on `v3.0` `getEModeCategoryData` and its price source's
 * price; on `v3.2` `getEModeCategoryCollateralConfig`, `getEModeCategoryCollateralBitmap` and
 * `getEModeCategoryBorrowableBitmap`. `3 · reserves + 3` calls plus 1–2 (v3.0) or 3 (v3.2) per category.
 *
 * @example
 * const calls = aaveV3SharedReads(context)
 */
export function aaveV3SharedReads(context: AdapterContext<AaveV3Venue>): ReadCall[] {
  const { pool, oracle, multicall3, reserves, eModeCategories, eModeLayout } = context.venue
  const calls: ReadCall[] = [
    {
      address: multicall3,
      abi: multicall3BalanceAbi,
      functionName: 'getCurrentBlockTimestamp',
      label: 'block timestamp',
    },
    { address: pool, abi: aavePoolAbi, functionName: 'getReservesList', label: 'aave-v3 getReservesList' },
    {
      address: oracle,
      abi: aaveOracleAbi,
      functionName: 'getAssetsPrices',
      args: [reserves.map((r) => r.asset)],
      label: 'aave-v3 getAssetsPrices',
    },
  ]
  for (const { asset } of reserves) {
    for (const functionName of [
      'getConfiguration',
      'getReserveNormalizedIncome',
      'getReserveNormalizedVariableDebt',
    ]) {
      calls.push({
        address: pool,
        abi: aavePoolAbi,
        functionName,
        args: [asset],
        label: `aave-v3 ${functionName} ${asset}`,
      })
    }
  }
  for (const { id, priceSource } of eModeCategories) {
    if (eModeLayout === 'v3.2') {
      for (const functionName of V32_CATEGORY_READS) {
        calls.push({
          address: pool,
          abi: aavePoolAbi,
          functionName,
          args: [id],
          label: `aave-v3 ${functionName} ${id}`,
        })
      }
      continue
    }
    calls.push({
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getEModeCategoryData',
      args: [id],
      label: `aave-v3 eMode ${id}`,
    })
    if (priceSource !== zeroAddress) {
      calls.push({
        address: oracle,
        abi: aaveOracleAbi,
        functionName: 'getAssetPrice',
        args: [priceSource],
        label: `aave-v3 eMode ${id} price source`,
      })
    }
  }
  return calls
}

/**
 * Decodes {@link aaveV3SharedReads}. Throws `ReadFailedError` for a failed read and
 * `StaleVenueConfigError` when the chain has moved past the resolved venue (new reserve, stable
 * borrowing switched on where stable debt is not read, eMode price source changed).
 *
 * @example
 * const shared = decodeAaveV3Shared(context, results)
 */
export function decodeAaveV3Shared(
  context: AdapterContext<AaveV3Venue>,
  results: readonly ReadResult[],
): AaveV3Shared {
  const { reserves, eModeCategories, eModeLayout } = context.venue
  const expected = aaveV3SharedReads(context).length
  assertResultCount('aave-v3 shared reads', expected, results.length)
  let i = 0
  const next = <T>(label: string) => successOf<T>(results[i++], label)
  const timestamp = next<bigint>('block timestamp')
  const listed = next<readonly Address[]>('aave-v3 getReservesList').map((a) => a.toLowerCase())
  const known = new Set(reserves.map((r) => r.asset))
  const unknown = listed.filter((a) => !known.has(a as Address))
  if (unknown.length > 0)
    throw new StaleVenueConfigError('aave-v3', `New reserves listed: ${unknown.join(', ')}.`)
  const prices = next<readonly bigint[]>('aave-v3 getAssetsPrices')
  assertResultCount('aave-v3 getAssetsPrices', reserves.length, prices.length)
  const reserveStates = new Map<string, AaveV3ReserveState>()
  reserves.forEach((reserve, r) => {
    const configuration = decodeReserveConfiguration(
      next<{ data: bigint }>(`getConfiguration ${reserve.asset}`).data,
      eModeLayout,
    )
    if (configuration.stableBorrowingEnabled && !reserve.readStableDebt) {
      throw new StaleVenueConfigError('aave-v3', `Stable borrowing was enabled on ${reserve.asset}.`)
    }
    if (
      configuration.eModeCategory !== 0 &&
      !eModeCategories.some((c) => c.id === configuration.eModeCategory)
    ) {
      throw new StaleVenueConfigError(
        'aave-v3',
        `Reserve ${reserve.asset} joined eMode ${configuration.eModeCategory}.`,
      )
    }
    reserveStates.set(reserve.asset, {
      configuration,
      liquidityIndex: next<bigint>(`getReserveNormalizedIncome ${reserve.asset}`),
      variableBorrowIndex: next<bigint>(`getReserveNormalizedVariableDebt ${reserve.asset}`),
      price: prices[r] as bigint,
    })
  })
  const eModes = new Map<number, AaveV3EModeState>()
  const assetsOf = (bitmap: bigint) =>
    new Set(reserves.filter((r) => ((bitmap >> BigInt(r.id)) & 1n) === 1n).map((r) => r.asset))
  for (const { id, priceSource } of eModeCategories) {
    if (eModeLayout === 'v3.2') {
      const config = next<{ ltv: number; liquidationThreshold: number; liquidationBonus: number }>(
        `aave-v3 getEModeCategoryCollateralConfig ${id}`,
      )
      const collateral = next<bigint>(`aave-v3 getEModeCategoryCollateralBitmap ${id}`)
      const borrowable = next<bigint>(`aave-v3 getEModeCategoryBorrowableBitmap ${id}`)
      eModes.set(id, {
        ltv: config.ltv,
        liquidationThreshold: config.liquidationThreshold,
        liquidationBonus: config.liquidationBonus,
        priceSource,
        price: 0n,
        bitmaps: {
          collateral,
          borrowable,
          collateralAssets: assetsOf(collateral),
          borrowableAssets: assetsOf(borrowable),
        },
      })
      continue
    }
    const data = next<{
      ltv: number
      liquidationThreshold: number
      liquidationBonus: number
      priceSource: Address
    }>(`aave-v3 eMode ${id}`)
    if (data.priceSource.toLowerCase() !== priceSource) {
      throw new StaleVenueConfigError('aave-v3', `eMode ${id} price source is now ${data.priceSource}.`)
    }
    const price = priceSource !== zeroAddress ? next<bigint>(`aave-v3 eMode ${id} price source`) : 0n
    eModes.set(id, {
      ltv: data.ltv,
      liquidationThreshold: data.liquidationThreshold,
      liquidationBonus: data.liquidationBonus,
      priceSource,
      price,
    })
  }
  return { timestamp, reserves: reserveStates, eModes }
}
