import { encodeFunctionData, zeroAddress } from 'viem'
import { aavePoolConfiguratorAbi } from './aave-abis.js'
import type { AaveEModeInput, AaveReserveInput } from './deploy-aave.js'
import type { AaveCoreDeployment } from './deploy-core.js'
import type { TxPipeline } from './tx-pipeline.js'

export type ConfigureAaveEModesParameters = {
  core: AaveCoreDeployment
  reserves: readonly AaveReserveInput[]
  eModes: readonly AaveEModeInput[]
}

/**
 * Sends the eMode categories (no category price source: each asset keeps its own feed), then
 * assigns reserves to them. Categories go first because assigning an asset requires the category's
 * liquidation threshold to exceed the asset's. Must follow the reserves' collateral configuration.
 *
 * @example
 * await configureAaveEModes(pipeline, { core, reserves, eModes: [{ id: 1, label: 'ETH correlated', ltv: 9300, liquidationThreshold: 9500, liquidationBonus: 10100 }] })
 */
export async function configureAaveEModes(
  pipeline: TxPipeline,
  parameters: ConfigureAaveEModesParameters,
): Promise<void> {
  const { core, reserves, eModes } = parameters
  for (const eMode of eModes) {
    await pipeline.write(`PoolConfigurator.setEModeCategory ${eMode.id}`, {
      to: core.poolConfigurator,
      data: encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'setEModeCategory',
        args: [
          eMode.id,
          eMode.ltv,
          eMode.liquidationThreshold,
          eMode.liquidationBonus,
          zeroAddress,
          eMode.label,
        ],
      }),
    })
  }
  for (const reserve of reserves) {
    if (!reserve.eModeCategory) continue
    await pipeline.write(`PoolConfigurator.setAssetEModeCategory ${reserve.symbol}`, {
      to: core.poolConfigurator,
      data: encodeFunctionData({
        abi: aavePoolConfiguratorAbi,
        functionName: 'setAssetEModeCategory',
        args: [reserve.token, reserve.eModeCategory],
      }),
    })
  }
}
