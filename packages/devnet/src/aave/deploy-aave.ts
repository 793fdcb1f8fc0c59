import type { Address } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { aaveDataProviderAbi } from './aave-abis.js'
import { configureAaveEModes } from './configure-emodes.js'
import { deployAaveCore } from './deploy-core.js'
import type { AaveInterestRateInput } from './interest-rate-strategy.js'
import { listAaveReserves } from './list-reserves.js'
import { createTxPipeline } from './tx-pipeline.js'
import { validateAaveParameters } from './validate-parameters.js'

/** One asset to list on the Aave market. Percentages are basis points (8050 = 80.5 %). */
export type AaveReserveInput = {
  symbol: string
  token: Address
  /** Must equal the token's `decimals()`; checked before anything is sent. */
  decimals: number
  /** Chainlink-style USD feed with 8 decimals; AaveOracle reads its `latestAnswer`. */
  feed: Address
  /** Loan-to-value, bps; 0 with a 0 threshold and bonus lists the asset as non-collateral. */
  ltv: number
  liquidationThreshold: number
  /** Includes the principal: 10500 = 5 % bonus. */
  liquidationBonus: number
  reserveFactor: number
  /** Variable-rate borrowing; stable-rate borrowing stays off. */
  borrowable: boolean
  /** eMode category (from `DeployAaveParameters.eModes`) the asset belongs to. */
  eModeCategory?: number
  /** Variable-rate curve; `defaultInterestRate` when omitted. */
  interestRate?: AaveInterestRateInput
}

/** An efficiency-mode category; percentages in bps (liquidationBonus 10100 = 1 % bonus). */
export type AaveEModeInput = {
  id: number
  label: string
  ltv: number
  liquidationThreshold: number
  liquidationBonus: number
}

export type DeployAaveParameters = {
  reserves: AaveReserveInput[]
  eModes: AaveEModeInput[]
}

export type AaveReserveTokens = { aToken: Address; variableDebtToken: Address; stableDebtToken: Address }

export type AaveDeployment = {
  pool: Address
  poolAddressesProvider: Address
  poolConfigurator: Address
  aaveOracle: Address
  dataProvider: Address
  aclManager: Address
  /** By reserve symbol. */
  reserves: Record<string, AaveReserveTokens>
}

export type DeployAaveReturnType = AaveDeployment

/**
 * Deploys an Aave v3 market (protocol v3.0.2, the bytecode in `@aave/core-v3@1.19.3`) and lists the
 * given reserves with their risk parameters and eMode categories. `client.account` becomes owner
 * of the addresses provider, ACL admin, pool/risk/emergency admin and treasury. The AaveOracle
 * prices in USD with 8 decimals (base currency `0x0`, unit 1e8) from the given feeds. Supply and
 * borrow caps are off, flash loans are enabled with Aave's default premium (0 on a new pool).
 *
 * Transactions are pipelined with locally managed nonces and checked at two sync points, so the
 * deployer must send nothing else while this runs.
 *
 * @example
 * const aave = await deployAave(client, {
 *   reserves: [{ symbol: 'WETH', token: weth, decimals: 18, feed: wethFeed, ltv: 8050,
 *     liquidationThreshold: 8300, liquidationBonus: 10500, reserveFactor: 1500, borrowable: true, eModeCategory: 1 }],
 *   eModes: [{ id: 1, label: 'ETH correlated', ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100 }],
 * })
 * await client.writeContract({ address: aave.pool, abi: aavePoolAbi, functionName: 'setUserEMode', args: [1] })
 */
export async function deployAave(
  client: DevnetClient,
  parameters: DeployAaveParameters,
): Promise<DeployAaveReturnType> {
  await validateAaveParameters(client, parameters)
  const pipeline = await createTxPipeline(client)

  const core = await deployAaveCore(client, pipeline, { reserves: parameters.reserves })

  await listAaveReserves(client, pipeline, { core, reserves: parameters.reserves })
  await configureAaveEModes(pipeline, { core, reserves: parameters.reserves, eModes: parameters.eModes })
  await pipeline.flush()

  const tokens = await Promise.all(
    parameters.reserves.map((reserve) =>
      client.readContract({
        address: core.dataProvider,
        abi: aaveDataProviderAbi,
        functionName: 'getReserveTokensAddresses',
        args: [reserve.token],
      }),
    ),
  )
  const reserves: Record<string, AaveReserveTokens> = {}
  for (const [index, reserve] of parameters.reserves.entries()) {
    const [aToken, stableDebtToken, variableDebtToken] = tokens[index]!
    reserves[reserve.symbol] = { aToken, variableDebtToken, stableDebtToken }
  }
  return { ...core, reserves }
}
