import type { Address, Position, Price } from '@xmargin/core'
import type { PreparedPosition } from '../book.js'
import type { AaveVenueFigures } from '../report.js'
import {
  type AaveReserveInput,
  type CalculateAaveAccountDataReturnType,
  calculateAaveAccountData,
} from './calculate-aave-account-data.js'

/** Aave oracles quote USD with 8 decimals. */
export const AAVE_BASE_DECIMALS = 8

function toBase(price: Price, shockRatio: number): bigint {
  const diff = AAVE_BASE_DECIMALS - price.decimals
  let value = diff >= 0 ? price.value * 10n ** BigInt(diff) : price.value / 10n ** BigInt(-diff)
  // Stress tests move prices; scale the integer price by the same ratio (rounded).
  if (shockRatio !== 1) value = BigInt(Math.round(Number(value) * shockRatio))
  return value
}

/**
 * The Aave oracle price (USD, 8 decimals) of a position's asset with its price multiplied by `m`:
 * the feed price rescaled to 8 decimals and moved by the same ratio as the engine's price (stress
 * shocks, liquidation searches, cascades). A devnet feed set to this value reads the same.
 *
 * @example
 * aaveBasePrice(p, 0.75) // 225000000000n for WETH at 3,000 moved −25%
 */
export function aaveBasePrice(p: PreparedPosition, m: number): bigint {
  const price = p.feed
  return toBase(price, (p.price * m) / (Number(price.value) / 10 ** price.decimals))
}

/** The (empty, never written) account map of a book without Aave positions. */
const NO_ACCOUNTS: ReadonlyMap<PreparedPosition, string> = new Map()

/** One Aave account (chain, venue, wallet): its positions with reserve context and its eMode. */
export type AaveAccount = {
  chainId: number
  venue: string
  wallet: Address
  userEMode: number
  eMode?: { ltv: number; liquidationThreshold: number } | undefined
  positions: PreparedPosition[]
}

/**
 * Groups the positions that carry Aave reserve context by (chain, venue, wallet), in book order.
 *
 * @example
 * const { accounts, accountOf } = groupAaveAccounts(book.positions)
 */
export function groupAaveAccounts(positions: readonly PreparedPosition[]): {
  accounts: AaveAccount[]
  accountOf: ReadonlyMap<PreparedPosition, string>
} {
  // Most books carry no Aave context: answer those without building the maps.
  let any = false
  for (let i = 0; i < positions.length && !any; i++) {
    const position = positions[i]!.position
    any = (position.kind === 'supply' || position.kind === 'debt') && Boolean(position.aave)
  }
  if (!any) return { accounts: [], accountOf: NO_ACCOUNTS }
  const accounts = new Map<string, AaveAccount>()
  const accountOf = new Map<PreparedPosition, string>()
  for (const p of positions) {
    const position: Position = p.position
    if (position.kind !== 'supply' && position.kind !== 'debt') continue
    const context = position.aave
    if (!context) continue
    const key = `${position.chainId}|${position.venue}|${position.wallet.toLowerCase()}`
    let account = accounts.get(key)
    if (!account) {
      account = {
        chainId: position.chainId,
        venue: position.venue,
        wallet: position.wallet,
        userEMode: context.userEModeCategory,
        positions: [],
      }
      accounts.set(key, account)
    }
    if (context.userEModeCategory !== 0 && context.eModeLtv !== undefined) {
      account.eMode = { ltv: context.eModeLtv, liquidationThreshold: context.eModeLiquidationThreshold ?? 0 }
    }
    accountOf.set(p, key)
    account.positions.push(p)
  }
  return { accounts: [...accounts.values()], accountOf }
}

/**
 * `getUserAccountData` of one account with every position's price multiplied by `move(p)` (1 when
 * absent): the oracle price rescaled to 8 decimals and moved by the same ratio as the engine's
 * price (stress shocks, liquidation searches, cascades).
 *
 * @example
 * const data = aaveAccountData(account, (p) => (p.factor === eth ? 0.8 : 1))
 */
export function aaveAccountData(
  account: AaveAccount,
  move?: ((p: PreparedPosition) => number) | undefined,
): CalculateAaveAccountDataReturnType {
  const reserves = new Map<string, AaveReserveInput>()
  for (const p of account.positions) {
    const position = p.position
    if (position.kind !== 'supply' && position.kind !== 'debt') continue
    const context = position.aave!
    const reserve = reserves.get(position.asset) ?? {
      asset: position.asset,
      decimals: position.decimals,
      price: aaveBasePrice(p, move ? move(p) : 1),
      ltv: context.ltv,
      liquidationThreshold: context.liquidationThreshold,
      eModeCategory: context.eModeCategory,
      eModeCollateral: context.eModeCollateral,
      usageAsCollateralEnabled: false,
    }
    if (position.kind === 'supply') {
      reserve.supply = ((reserve.supply as bigint | undefined) ?? 0n) + position.amount
      reserve.usageAsCollateralEnabled = reserve.usageAsCollateralEnabled || position.collateral
    } else if (position.rateMode === 'stable') {
      reserve.stableDebt = (reserve.stableDebt ?? 0n) + position.amount
    } else {
      reserve.variableDebt = ((reserve.variableDebt as bigint | undefined) ?? 0n) + position.amount
    }
    reserves.set(position.asset, reserve)
  }
  return calculateAaveAccountData({
    reserves: [...reserves.values()],
    userEModeCategory: account.userEMode,
    eModeCategory: account.eMode,
  })
}

/**
 * Groups the positions that carry Aave reserve context by (chain, venue, wallet) and computes
 * each account's `getUserAccountData` figures with {@link calculateAaveAccountData}, using the
 * feed price rescaled to 8 decimals (exact for Chainlink USD feeds, which Aave's oracle reads).
 *
 * @example
 * const { figures } = aaveVenueFigures(book.positions)
 */
export function aaveVenueFigures(positions: readonly PreparedPosition[]): {
  figures: AaveVenueFigures[]
  accountOf: ReadonlyMap<PreparedPosition, string>
} {
  const { accounts, accountOf } = groupAaveAccounts(positions)
  const figures: AaveVenueFigures[] = accounts.map((account) => ({
    kind: 'aave-v3',
    chainId: account.chainId,
    venue: account.venue,
    wallet: account.wallet,
    ...aaveFiguresOf(aaveAccountData(account)),
  }))
  return { figures, accountOf }
}

/** The `getUserAccountData` part of {@link AaveVenueFigures}. */
export function aaveFiguresOf(
  data: CalculateAaveAccountDataReturnType,
): Omit<AaveVenueFigures, 'kind' | 'chainId' | 'venue' | 'wallet'> {
  return {
    totalCollateralBase: data.totalCollateralBase,
    totalDebtBase: data.totalDebtBase,
    availableBorrowsBase: data.availableBorrowsBase,
    currentLiquidationThreshold: data.currentLiquidationThreshold,
    ltv: data.ltv,
    healthFactor: data.healthFactor,
  }
}
