import { type Address, getContract } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import type { PerpContracts } from './deploy-perp.js'
import type { PerpMarket, PerpMarketSymbol } from './deploy-perp-market.js'
import {
  perpAccountBalanceAbi,
  perpBaseTokenAbi,
  perpClearingHouseAbi,
  perpClearingHouseConfigAbi,
  perpExchangeAbi,
  perpVaultAbi,
} from './perp-abis.js'

export type PerpPositionView = {
  symbol: PerpMarketSymbol
  baseToken: Address
  /** `AccountBalance.getTakerPositionSize`: signed base, 18 decimals (negative = short). */
  takerPositionSize: bigint
  /** `AccountBalance.getTotalPositionSize` (taker + maker impermanent position), 18 decimals. */
  totalPositionSize: bigint
  /** `AccountBalance.getTakerOpenNotional`, 18 decimals. */
  takerOpenNotional: bigint
  /** `AccountBalance.getTotalOpenNotional`, 18 decimals. */
  totalOpenNotional: bigint
  /** `AccountBalance.getTotalPositionValue`: size × index TWAP, 18 decimals. */
  positionValue: bigint
  /** `BaseToken.getIndexPrice(twapInterval)`, 18 decimals. */
  indexPrice: bigint
}

export type PerpAccountView = {
  trader: Address
  blockNumber: bigint
  /** `Vault.getBalance`: deposited USDC incl. settled PnL, 6 decimals. */
  collateral: bigint
  /** `ClearingHouse.getAccountValue`: collateral + unrealized PnL − pending funding, 18 decimals. */
  accountValue: bigint
  /** `Vault.getFreeCollateral`, 6 decimals. */
  freeCollateral: bigint
  /** `AccountBalance.getMarginRequirementForLiquidation`: mm ratio × |position value|, 18 decimals. */
  marginRequirementForLiquidation: bigint
  /** `AccountBalance.getTotalAbsPositionValue`, 18 decimals. */
  totalAbsPositionValue: bigint
  /** `Exchange.getAllPendingFundingPayment`: positive = the trader pays, 18 decimals. */
  pendingFundingPayment: bigint
  positions: PerpPositionView[]
}

/**
 * Reads an account through Perp v2's own views, all at one block: collateral, account value, free
 * collateral, liquidation margin requirement and, per market the trader is in, position size,
 * open notional and value.
 *
 * @example
 * const account = await readPerpAccount(client, perp, trader)
 * account.positions.find((p) => p.symbol === 'ETH')?.takerPositionSize // -1000000000000000000n
 */
export async function readPerpAccount(
  client: DevnetClient,
  perp: PerpContracts,
  trader: Address,
): Promise<PerpAccountView> {
  const blockNumber = await client.getBlockNumber()
  const at = { blockNumber }
  const vault = getContract({ address: perp.vault, abi: perpVaultAbi, client })
  const clearingHouse = getContract({ address: perp.clearingHouse, abi: perpClearingHouseAbi, client })
  const accountBalance = getContract({ address: perp.accountBalance, abi: perpAccountBalanceAbi, client })
  const exchange = getContract({ address: perp.exchange, abi: perpExchangeAbi, client })
  const config = getContract({ address: perp.clearingHouseConfig, abi: perpClearingHouseConfigAbi, client })

  const [
    collateral,
    accountValue,
    freeCollateral,
    marginRequirementForLiquidation,
    totalAbsPositionValue,
    pendingFundingPayment,
    baseTokens,
    twapInterval,
  ] = await Promise.all([
    vault.read.getBalance([trader], at),
    clearingHouse.read.getAccountValue([trader], at),
    vault.read.getFreeCollateral([trader], at),
    accountBalance.read.getMarginRequirementForLiquidation([trader], at),
    accountBalance.read.getTotalAbsPositionValue([trader], at),
    exchange.read.getAllPendingFundingPayment([trader], at),
    accountBalance.read.getBaseTokens([trader], at),
    config.read.getTwapInterval(at),
  ])

  const symbolOf = new Map<string, PerpMarketSymbol>()
  for (const [symbol, market] of Object.entries(perp.markets) as [PerpMarketSymbol, PerpMarket][]) {
    symbolOf.set(market.baseToken.toLowerCase(), symbol)
  }
  const positions = await Promise.all(
    baseTokens.map(async (baseToken): Promise<PerpPositionView> => {
      const symbol = symbolOf.get(baseToken.toLowerCase())
      if (!symbol) throw new DevnetError(`Perp account ${trader} is in an unknown market ${baseToken}.`)
      const args = [trader, baseToken] as const
      const [
        takerPositionSize,
        totalPositionSize,
        takerOpenNotional,
        totalOpenNotional,
        positionValue,
        indexPrice,
      ] = await Promise.all([
        accountBalance.read.getTakerPositionSize(args, at),
        accountBalance.read.getTotalPositionSize(args, at),
        accountBalance.read.getTakerOpenNotional(args, at),
        accountBalance.read.getTotalOpenNotional(args, at),
        accountBalance.read.getTotalPositionValue(args, at),
        getContract({ address: baseToken, abi: perpBaseTokenAbi, client }).read.getIndexPrice(
          [BigInt(twapInterval)],
          at,
        ),
      ])
      return {
        symbol,
        baseToken,
        takerPositionSize,
        totalPositionSize,
        takerOpenNotional,
        totalOpenNotional,
        positionValue,
        indexPrice,
      }
    }),
  )
  return {
    trader,
    blockNumber,
    collateral,
    accountValue,
    freeCollateral,
    marginRequirementForLiquidation,
    totalAbsPositionValue,
    pendingFundingPayment,
    positions,
  }
}
