import type { Address } from 'viem'
import type { IndexedPosition } from '../../adapter.js'
import { InvalidPositionError, StaleVenueConfigError } from '../../errors/adapter-errors.js'
import { calculateCompoundedInterest, rayMul } from '../../math/aave-math.js'
import type { AaveV3Shared } from './aave-v3-shared.js'

/** How the stored `extra` of an Aave position reads (all values decimal strings). */
export type AaveV3PositionExtra = {
  /** `supply` | `variable` | `stable`. */
  balance: 'supply' | 'variable' | 'stable'
  /** Underlying asset (lowercased). */
  asset: Address
  /** aToken / variable debt token `scaledBalanceOf`; stable debt `principalBalanceOf`. */
  scaledBalance: string
  /** The index (ray) `amount` was computed with: normalized income, normalized variable debt or compounded stable interest. */
  index: string
  /** Stable debt only: user stable rate (ray) and last update (unix seconds). */
  stableRate?: string
  stableLastUpdated?: string
  /** Supply only: the user's collateral flag. */
  collateral?: 'true' | 'false'
  decimals: string
  ltv: string
  liquidationThreshold: string
  /** Reserve liquidation bonus, basis points (10000 + bonus). */
  liquidationBonus: string
  eModeCategory: string
  userEModeCategory: string
  /** When the user is in eMode: the category's LTV, threshold and bonus. */
  eModeLtv?: string
  eModeLiquidationThreshold?: string
  eModeLiquidationBonus?: string
  /**
   * `v3.2` eMode layout, when the user is in eMode: whether the category's collateral bitmap holds
   * this reserve (its LTV/threshold/bonus apply only then). Absent on `v3.0`, where `eModeCategory` decides.
   */
  eModeCollateral?: 'true' | 'false'
}

/** Position keys: the asset for supply and variable debt, `asset:stable` for stable debt. */
export function aavePositionKey(asset: Address, balance: AaveV3PositionExtra['balance']): string {
  return balance === 'stable' ? `${asset}:stable` : asset
}

/** What one balance of one reserve holds before pricing, as read or as stored. */
type BalanceState = {
  balance: AaveV3PositionExtra['balance']
  asset: Address
  scaledBalance: bigint
  stableRate?: bigint | undefined
  stableLastUpdated?: bigint | undefined
  collateral?: boolean | undefined
  userEModeCategory: number
}

/**
 * Builds the stored position of one Aave balance from its scaled amount and the block's shared
 * state: `rayMul(scaled, index)` exactly as the tokens' `balanceOf`, and the reserve parameters
 * (LTV, threshold, eMode) of this block. `decodeWallet` and `revalue` both go through here, so a
 * revalued position equals a fresh read.
 *
 * @example
 * const position = buildAavePosition({ wallet, shared, state: { balance: 'supply', asset, scaledBalance, collateral: true, userEModeCategory: 0 } })
 */
export function buildAavePosition(parameters: {
  wallet: Address
  shared: AaveV3Shared
  state: BalanceState
}): IndexedPosition {
  const { wallet, shared, state } = parameters
  const reserve = shared.reserves.get(state.asset)
  const key = aavePositionKey(state.asset, state.balance)
  const kind = state.balance === 'supply' ? 'supply' : 'debt'
  if (!reserve)
    throw new InvalidPositionError(
      { venue: 'aave-v3', kind, key },
      `Reserve ${state.asset} is not in the shared state.`,
    )
  let index: bigint
  if (state.balance === 'supply') index = reserve.liquidityIndex
  else if (state.balance === 'variable') index = reserve.variableBorrowIndex
  else
    index = calculateCompoundedInterest(
      state.stableRate ?? 0n,
      state.stableLastUpdated ?? 0n,
      shared.timestamp,
    )
  const { configuration } = reserve
  const extra: Record<string, string> = {
    balance: state.balance,
    asset: state.asset,
    scaledBalance: state.scaledBalance.toString(),
    index: index.toString(),
    decimals: String(configuration.decimals),
    ltv: String(configuration.ltv),
    liquidationThreshold: String(configuration.liquidationThreshold),
    liquidationBonus: String(configuration.liquidationBonus),
    eModeCategory: String(configuration.eModeCategory),
    userEModeCategory: String(state.userEModeCategory),
  }
  if (state.balance === 'stable') {
    extra.stableRate = String(state.stableRate ?? 0n)
    extra.stableLastUpdated = String(state.stableLastUpdated ?? 0n)
  }
  if (state.balance === 'supply') extra.collateral = state.collateral ? 'true' : 'false'
  if (state.userEModeCategory !== 0) {
    const eMode = shared.eModes.get(state.userEModeCategory)
    if (!eMode) {
      // A category configured after the venue was resolved: resolving it again reads it.
      throw new StaleVenueConfigError(
        'aave-v3',
        `Wallet ${wallet} is in eMode ${state.userEModeCategory}, which is not among the resolved categories.`,
      )
    }
    extra.eModeLtv = String(eMode.ltv)
    extra.eModeLiquidationThreshold = String(eMode.liquidationThreshold)
    extra.eModeLiquidationBonus = String(eMode.liquidationBonus)
    if (eMode.bitmaps) extra.eModeCollateral = String(eMode.bitmaps.collateralAssets.has(state.asset))
  }
  return { venue: 'aave-v3', wallet, kind, key, amount: rayMul(state.scaledBalance, index), extra }
}

/**
 * Reads a stored Aave position's balance state back from its `extra`.
 *
 * @example
 * const state = aaveBalanceState(position)
 */
export function aaveBalanceState(position: IndexedPosition): BalanceState {
  const { extra } = position
  const need = (name: string): string => {
    const value = extra[name]
    if (value === undefined) throw new InvalidPositionError(position, `extra.${name} is missing.`)
    return value
  }
  const balance = need('balance')
  if (balance !== 'supply' && balance !== 'variable' && balance !== 'stable') {
    throw new InvalidPositionError(position, `extra.balance is ${balance}.`)
  }
  return {
    balance,
    asset: need('asset') as Address,
    scaledBalance: BigInt(need('scaledBalance')),
    stableRate: balance === 'stable' ? BigInt(need('stableRate')) : undefined,
    stableLastUpdated: balance === 'stable' ? BigInt(need('stableLastUpdated')) : undefined,
    collateral: balance === 'supply' ? need('collateral') === 'true' : undefined,
    userEModeCategory: Number(need('userEModeCategory')),
  }
}
