import { loadPackageArtifact } from '../deploy/artifacts.js'
import type { ContractArtifact } from '../deploy/deploy-contract.js'

const root = '@aave/core-v3/artifacts/contracts'

const paths = {
  PoolAddressesProvider: 'protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json',
  ACLManager: 'protocol/configuration/ACLManager.sol/ACLManager.json',
  Pool: 'protocol/pool/Pool.sol/Pool.json',
  PoolConfigurator: 'protocol/pool/PoolConfigurator.sol/PoolConfigurator.json',
  AaveOracle: 'misc/AaveOracle.sol/AaveOracle.json',
  AaveProtocolDataProvider: 'misc/AaveProtocolDataProvider.sol/AaveProtocolDataProvider.json',
  AToken: 'protocol/tokenization/AToken.sol/AToken.json',
  StableDebtToken: 'protocol/tokenization/StableDebtToken.sol/StableDebtToken.json',
  VariableDebtToken: 'protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json',
  DefaultReserveInterestRateStrategy:
    'protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json',
  SupplyLogic: 'protocol/libraries/logic/SupplyLogic.sol/SupplyLogic.json',
  BorrowLogic: 'protocol/libraries/logic/BorrowLogic.sol/BorrowLogic.json',
  LiquidationLogic: 'protocol/libraries/logic/LiquidationLogic.sol/LiquidationLogic.json',
  EModeLogic: 'protocol/libraries/logic/EModeLogic.sol/EModeLogic.json',
  BridgeLogic: 'protocol/libraries/logic/BridgeLogic.sol/BridgeLogic.json',
  FlashLoanLogic: 'protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json',
  PoolLogic: 'protocol/libraries/logic/PoolLogic.sol/PoolLogic.json',
  ConfiguratorLogic: 'protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json',
} as const

/** Name of an Aave v3 contract this module deploys from `@aave/core-v3`'s Hardhat artifacts. */
export type AaveContractName = keyof typeof paths

/**
 * The Pool's linked libraries in deploy order: FlashLoanLogic links BorrowLogic, so BorrowLogic
 * comes first. ConfiguratorLogic is the PoolConfigurator's only library.
 */
export const aavePoolLibraries = [
  'SupplyLogic',
  'BorrowLogic',
  'LiquidationLogic',
  'EModeLogic',
  'BridgeLogic',
  'FlashLoanLogic',
  'PoolLogic',
] as const satisfies readonly AaveContractName[]

const cache = new Map<AaveContractName, ContractArtifact>()

/**
 * Reads (once per process) the artifact of an Aave v3 contract from `@aave/core-v3@1.19.3`.
 *
 * @example
 * const pool = loadAaveArtifact('Pool') // pool.linkReferences names the 7 logic libraries
 */
export function loadAaveArtifact(name: AaveContractName): ContractArtifact {
  let artifact = cache.get(name)
  if (!artifact) {
    artifact = loadPackageArtifact(`${root}/${paths[name]}`)
    cache.set(name, artifact)
  }
  return artifact
}
