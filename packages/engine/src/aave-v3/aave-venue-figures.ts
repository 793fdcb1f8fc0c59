import type { Address, Position, Price } from '@xmargin/core'
import type { PreparedPosition } from '../book.js'
import type { AaveVenueFigures } from '../report.js'
import { type AaveReserveInput, calculateAaveAccountData } from './calculate-aave-account-data.js'

/** Aave oracles quote USD with 8 decimals. */
export const AAVE_BASE_DECIMALS = 8

function toBase(price: Price, shockRatio: number): bigint {
  const diff = AAVE_BASE_DECIMALS - price.decimals
  let value = diff >= 0 ? price.value * 10n ** BigInt(diff) : price.value / 10n ** BigInt(-diff)
  // Stress tests move prices; scale the integer price by the same ratio (rounded).
  if (shockRatio !== 1) value = BigInt(Math.round(Number(value) * shockRatio))
  return value
}

/** The (empty, never written) account map of a book without Aave positions. */
const NO_ACCOUNTS: ReadonlyMap<PreparedPosition, string> = new Map()

type Account = {
  chainId: number
  venue: string
  wallet: Address
  reserves: Map<string, AaveReserveInput>
  userEMode: number
  eMode?: { ltv: number; liquidationThreshold: number }
}

/**
 * Groups the positions that carry Aave reserve context by (chain, venue, wallet) and computes
 * each account's `getUserAccountData` figures with {@link calculateAaveAccountData}, using the
 * feed price rescaled to 8 decimals (exact for Chainlink USD feeds, which Aave's oracle reads).
 */
export function aaveVenueFigures(positions: readonly PreparedPosition[]): {
  figures: AaveVenueFigures[]
  accountOf: ReadonlyMap<PreparedPosition, string>
} {
  // Most books carry no Aave context: answer those without building the maps.
  let any = false
  for (let i = 0; i < positions.length && !any; i++) {
    const position = positions[i]!.position
    any = (position.kind === 'supply' || position.kind === 'debt') && Boolean(position.aave)
  }
  if (!any) return { figures: [], accountOf: NO_ACCOUNTS }
  const accounts = new Map<string, Account>()
  const accountOf = new Map<PreparedPosition, string>()
  for (const p of positions) {
    const position: Position = p.position
    if (position.kind !== 'supply' && position.kind !== 'debt') continue
    const context = position.aave
    const price = p.feed
    if (!context) continue
    const key = `${position.chainId}|${position.venue}|${position.wallet.toLowerCase()}`
    let account = accounts.get(key)
    if (!account) {
      account = {
        chainId: position.chainId,
        venue: position.venue,
        wallet: position.wallet,
        reserves: new Map(),
        userEMode: context.userEModeCategory,
      }
      accounts.set(key, account)
    }
    if (context.userEModeCategory !== 0 && context.eModeLtv !== undefined) {
      account.eMode = { ltv: context.eModeLtv, liquidationThreshold: context.eModeLiquidationThreshold ?? 0 }
    }
    accountOf.set(p, key)
    const reserve = account.reserves.get(position.asset) ?? {
      asset: position.asset,
      decimals: position.decimals,
      price: toBase(price, p.price / (Number(price.value) / 10 ** price.decimals)),
      ltv: context.ltv,
      liquidationThreshold: context.liquidationThreshold,
      eModeCategory: context.eModeCategory,
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
    account.reserves.set(position.asset, reserve)
  }
  const figures: AaveVenueFigures[] = []
  for (const account of accounts.values()) {
    const data = calculateAaveAccountData({
      reserves: [...account.reserves.values()],
      userEModeCategory: account.userEMode,
      eModeCategory: account.eMode,
    })
    figures.push({
      kind: 'aave-v3',
      chainId: account.chainId,
      venue: account.venue,
      wallet: account.wallet,
      totalCollateralBase: data.totalCollateralBase,
      totalDebtBase: data.totalDebtBase,
      availableBorrowsBase: data.availableBorrowsBase,
      currentLiquidationThreshold: data.currentLiquidationThreshold,
      ltv: data.ltv,
      healthFactor: data.healthFactor,
    })
  }
  return { figures, accountOf }
}
