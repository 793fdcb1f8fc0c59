import type { AdapterContext, IndexedPosition } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { aaveV3Adapter } from './aave-v3-adapter.js'
import { aaveBalanceState } from './aave-v3-positions.js'
import type { AaveV3Shared } from './aave-v3-shared.js'
import type { AaveV3Venue } from './aave-v3-venue.js'

/** One reserve of an account, in the shape of `@xmargin/engine`'s `AaveReserveInput`. */
export type AaveAccountReserveInput = {
  asset: string
  decimals: number
  /** `AaveOracle.getAssetPrice` (base currency, 8 decimals). */
  price: bigint
  ltv: number
  liquidationThreshold: number
  eModeCategory: number
  /** `v3.2` eMode layout: whether the user's category's collateral bitmap holds the reserve. */
  eModeCollateral?: boolean | undefined
  usageAsCollateralEnabled: boolean
  supply?: bigint | undefined
  variableDebt?: bigint | undefined
  stableDebt?: bigint | undefined
}

/** The input of `@xmargin/engine`'s `calculateAaveAccountData` for one Aave account. */
export type AaveAccountDataInput = {
  reserves: AaveAccountReserveInput[]
  userEModeCategory: number
  eModeCategory?: { ltv: number; liquidationThreshold: number; price: bigint } | undefined
}

export type AaveV3AccountDataInputParameters = {
  context: AdapterContext<AaveV3Venue>
  shared: AaveV3Shared
  /** The Aave positions of ONE wallet at the block of `shared` (fresh or revalued). */
  positions: readonly IndexedPosition[]
}

/**
 * The venue's own health-factor inputs for one wallet: its positions mapped with `toCore`, priced
 * with the block's `AaveOracle` prices (and the eMode price source, if any). Feeding the result to
 * `calculateAaveAccountData` from `@xmargin/engine` reproduces `Pool.getUserAccountData` exactly.
 *
 * @example
 * const input = aaveV3AccountDataInput({ context, shared, positions })
 * const { healthFactor } = calculateAaveAccountData(input)
 */
export function aaveV3AccountDataInput(parameters: AaveV3AccountDataInputParameters): AaveAccountDataInput {
  const { context, shared, positions } = parameters
  const reserves = new Map<string, AaveAccountReserveInput>()
  let userEModeCategory = 0
  let eModeCategory: AaveAccountDataInput['eModeCategory']
  for (const position of positions) {
    const core = aaveV3Adapter.toCore({ context, position, blockNumber: 0n })
    if ((core.kind !== 'supply' && core.kind !== 'debt') || !core.aave) continue
    const { asset } = aaveBalanceState(position)
    const state = shared.reserves.get(asset)
    if (!state) throw new InvalidPositionError(position, `No shared state for reserve ${asset}.`)
    userEModeCategory = core.aave.userEModeCategory
    if (userEModeCategory !== 0) {
      eModeCategory = {
        ltv: core.aave.eModeLtv ?? 0,
        liquidationThreshold: core.aave.eModeLiquidationThreshold ?? 0,
        price: shared.eModes.get(userEModeCategory)?.price ?? 0n,
      }
    }
    const reserve = reserves.get(asset) ?? {
      asset: core.asset,
      decimals: core.decimals,
      price: state.price,
      ltv: core.aave.ltv,
      liquidationThreshold: core.aave.liquidationThreshold,
      eModeCategory: core.aave.eModeCategory,
      eModeCollateral: core.aave.eModeCollateral,
      usageAsCollateralEnabled: false,
    }
    if (core.kind === 'supply') {
      reserve.supply = (reserve.supply ?? 0n) + core.amount
      reserve.usageAsCollateralEnabled = core.collateral
    } else if (core.rateMode === 'stable') {
      reserve.stableDebt = (reserve.stableDebt ?? 0n) + core.amount
    } else {
      reserve.variableDebt = (reserve.variableDebt ?? 0n) + core.amount
    }
    reserves.set(asset, reserve)
  }
  return { reserves: [...reserves.values()], userEModeCategory, eModeCategory }
}
