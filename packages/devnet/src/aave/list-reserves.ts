import { type Address, encodeFunctionData, zeroAddress } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { aavePoolConfiguratorAbi } from './aave-abis.js'
import { loadAaveArtifact } from './aave-artifacts.js'
import type { AaveReserveInput } from './deploy-aave.js'
import type { AaveCoreDeployment } from './deploy-core.js'
import { defaultInterestRate, interestRateKey, interestRateStrategyArgs } from './interest-rate-strategy.js'
import type { TxPipeline } from './tx-pipeline.js'

export type ListAaveReservesParameters = {
  core: AaveCoreDeployment
  reserves: readonly AaveReserveInput[]
}

/**
 * Reserves per `initReserves` call: each creates three token proxies, ~2.3 M gas per reserve
 * (9.2 M measured for four); the call's limit allows 3 M each plus 1 M.
 */
const reservesPerInitCall = 4

/**
 * Sends the listing of every reserve: shared AToken / StableDebtToken / VariableDebtToken
 * implementations, one DefaultReserveInterestRateStrategy per distinct curve, `initReserves`, then
 * collateral parameters, reserve factor, variable borrowing and flash loans. Caps stay 0 (off).
 * Nothing is awaited beyond sending; the caller flushes the pipeline.
 *
 * @example
 * await listAaveReserves(client, pipeline, { core, reserves })
 * await pipeline.flush()
 */
export async function listAaveReserves(
  client: DevnetClient,
  pipeline: TxPipeline,
  parameters: ListAaveReservesParameters,
): Promise<void> {
  const { core, reserves } = parameters
  const treasury = client.account.address
  const names = marketNames(client.chain.id)

  const aTokenImpl = await pipeline.deploy('AToken', {
    artifact: loadAaveArtifact('AToken'),
    args: [core.pool],
  })
  const stableDebtTokenImpl = await pipeline.deploy('StableDebtToken', {
    artifact: loadAaveArtifact('StableDebtToken'),
    args: [core.pool],
  })
  const variableDebtTokenImpl = await pipeline.deploy('VariableDebtToken', {
    artifact: loadAaveArtifact('VariableDebtToken'),
    args: [core.pool],
  })

  const strategies = new Map<string, Address>()
  for (const reserve of reserves) {
    const rate = reserve.interestRate ?? defaultInterestRate
    const key = interestRateKey(rate)
    if (strategies.has(key)) continue
    const strategy = await pipeline.deploy(`DefaultReserveInterestRateStrategy ${key}`, {
      artifact: loadAaveArtifact('DefaultReserveInterestRateStrategy'),
      args: [core.poolAddressesProvider, ...interestRateStrategyArgs(rate)],
    })
    strategies.set(key, strategy)
  }

  const inputs = reserves.map((reserve) => ({
    aTokenImpl,
    stableDebtTokenImpl,
    variableDebtTokenImpl,
    underlyingAssetDecimals: reserve.decimals,
    interestRateStrategyAddress: strategies.get(
      interestRateKey(reserve.interestRate ?? defaultInterestRate),
    )!,
    underlyingAsset: reserve.token,
    treasury,
    incentivesController: zeroAddress,
    aTokenName: `Aave ${names.long} ${reserve.symbol}`,
    aTokenSymbol: `a${names.short}${reserve.symbol}`,
    variableDebtTokenName: `Aave ${names.long} Variable Debt ${reserve.symbol}`,
    variableDebtTokenSymbol: `variableDebt${names.short}${reserve.symbol}`,
    stableDebtTokenName: `Aave ${names.long} Stable Debt ${reserve.symbol}`,
    stableDebtTokenSymbol: `stableDebt${names.short}${reserve.symbol}`,
    params: '0x' as const,
  }))
  for (let start = 0; start < inputs.length; start += reservesPerInitCall) {
    const chunk = inputs.slice(start, start + reservesPerInitCall)
    await pipeline.write(
      `PoolConfigurator.initReserves ${chunk.map((input) => input.aTokenSymbol).join(',')}`,
      {
        to: core.poolConfigurator,
        data: encodeFunctionData({
          abi: aavePoolConfiguratorAbi,
          functionName: 'initReserves',
          args: [chunk],
        }),
        gas: 1_000_000n + 3_000_000n * BigInt(chunk.length),
      },
    )
  }

  const configure = (label: string, data: `0x${string}`) =>
    pipeline.write(`PoolConfigurator.${label}`, { to: core.poolConfigurator, data })
  for (const reserve of reserves) {
    const asset = reserve.token
    if (reserve.liquidationThreshold > 0) {
      await configure(
        `configureReserveAsCollateral ${reserve.symbol}`,
        encodeFunctionData({
          abi: aavePoolConfiguratorAbi,
          functionName: 'configureReserveAsCollateral',
          args: [
            asset,
            BigInt(reserve.ltv),
            BigInt(reserve.liquidationThreshold),
            BigInt(reserve.liquidationBonus),
          ],
        }),
      )
    }
    await configure(
      `setReserveFactor ${reserve.symbol}`,
      encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'setReserveFactor',
        args: [asset, BigInt(reserve.reserveFactor)],
      }),
    )
    if (reserve.borrowable) {
      await configure(
        `setReserveBorrowing ${reserve.symbol}`,
        encodeFunctionData({
          abi: aavePoolConfiguratorAbi,
          functionName: 'setReserveBorrowing',
          args: [asset, true],
        }),
      )
    }
    await configure(
      `setReserveFlashLoaning ${reserve.symbol}`,
      encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'setReserveFlashLoaning',
        args: [asset, true],
      }),
    )
  }
}

/** Aave's naming by network (aEthWETH, aArbWETH); other chains get "Devnet". */
function marketNames(chainId: number): { long: string; short: string } {
  if (chainId === 1) return { long: 'Ethereum', short: 'Eth' }
  if (chainId === 42161) return { long: 'Arbitrum', short: 'Arb' }
  if (chainId === 8453) return { long: 'Base', short: 'Bas' }
  return { long: 'Devnet', short: 'Dev' }
}
