import { type Address, encodeFunctionData, zeroAddress } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import { aaveAclManagerAbi, aaveInitializableAbi, aavePoolAddressesProviderAbi } from './aave-abis.js'
import { aavePoolLibraries, loadAaveArtifact } from './aave-artifacts.js'
import type { AaveDeployment, AaveReserveInput } from './deploy-aave.js'
import type { TxPipeline } from './tx-pipeline.js'

/** The market's contracts before any reserve is listed. */
export type AaveCoreDeployment = Omit<AaveDeployment, 'reserves'>

export type DeployAaveCoreParameters = {
  /** Their tokens and feeds become the AaveOracle's initial sources. */
  reserves: readonly Pick<AaveReserveInput, 'token' | 'feed'>[]
}

/** AaveOracle on the devnet: USD (the zero address in Aave's convention) with 8 decimals. */
export const aaveBaseCurrencyUnit = 10n ** 8n

/**
 * Sends the market's skeleton through `pipeline`: PoolAddressesProvider, ACL admin and ACLManager
 * with the deployer as pool/risk/emergency admin, the Pool's logic libraries, Pool and
 * PoolConfigurator implementations behind the provider's proxies, AaveOracle and
 * AaveProtocolDataProvider. Flushes the pipeline at the end: the pool and configurator proxies are
 * created by the provider and read back from it.
 *
 * @example
 * const core = await deployAaveCore(client, pipeline, { reserves })
 */
export async function deployAaveCore(
  client: DevnetClient,
  pipeline: TxPipeline,
  parameters: DeployAaveCoreParameters,
): Promise<AaveCoreDeployment> {
  const deployer = client.account.address
  const provider = await pipeline.deploy('PoolAddressesProvider', {
    artifact: loadAaveArtifact('PoolAddressesProvider'),
    args: [`xmargin devnet ${client.chain.id}`, deployer],
  })
  const callProvider = (
    functionName:
      | 'setACLAdmin'
      | 'setACLManager'
      | 'setPoolImpl'
      | 'setPoolConfiguratorImpl'
      | 'setPriceOracle'
      | 'setPoolDataProvider',
    address: Address,
  ) =>
    pipeline.write(`PoolAddressesProvider.${functionName}`, {
      to: provider,
      data: encodeFunctionData({ abi: aavePoolAddressesProviderAbi, functionName, args: [address] }),
    })

  // ACLManager's constructor reads the ACL admin from the provider, so that is set first.
  await callProvider('setACLAdmin', deployer)
  const aclManager = await pipeline.deploy('ACLManager', {
    artifact: loadAaveArtifact('ACLManager'),
    args: [provider],
  })
  await callProvider('setACLManager', aclManager)
  for (const functionName of ['addPoolAdmin', 'addRiskAdmin', 'addEmergencyAdmin'] as const) {
    await pipeline.write(`ACLManager.${functionName}`, {
      to: aclManager,
      data: encodeFunctionData({ abi: aaveAclManagerAbi, functionName, args: [deployer] }),
    })
  }

  const libraries: Record<string, Address> = {}
  for (const name of aavePoolLibraries) {
    libraries[name] = await pipeline.deploy(name, { artifact: loadAaveArtifact(name), libraries })
  }
  const initialize = encodeFunctionData({
    abi: aaveInitializableAbi,
    functionName: 'initialize',
    args: [provider],
  })

  // Implementations are initialised too, as Aave's own deploy scripts do, so nobody else can.
  const poolImpl = await pipeline.deploy('Pool', {
    artifact: loadAaveArtifact('Pool'),
    args: [provider],
    libraries,
  })
  await pipeline.write('Pool.initialize (implementation)', { to: poolImpl, data: initialize })
  await callProvider('setPoolImpl', poolImpl)

  const configuratorLogic = await pipeline.deploy('ConfiguratorLogic', {
    artifact: loadAaveArtifact('ConfiguratorLogic'),
  })
  const configuratorImpl = await pipeline.deploy('PoolConfigurator', {
    artifact: loadAaveArtifact('PoolConfigurator'),
    libraries: { ConfiguratorLogic: configuratorLogic },
  })
  await pipeline.write('PoolConfigurator.initialize (implementation)', {
    to: configuratorImpl,
    data: initialize,
  })
  await callProvider('setPoolConfiguratorImpl', configuratorImpl)

  const aaveOracle = await pipeline.deploy('AaveOracle', {
    artifact: loadAaveArtifact('AaveOracle'),
    args: [
      provider,
      parameters.reserves.map((reserve) => reserve.token),
      parameters.reserves.map((reserve) => reserve.feed),
      zeroAddress, // no fallback oracle
      zeroAddress, // base currency USD
      aaveBaseCurrencyUnit,
    ],
  })
  await callProvider('setPriceOracle', aaveOracle)

  const dataProvider = await pipeline.deploy('AaveProtocolDataProvider', {
    artifact: loadAaveArtifact('AaveProtocolDataProvider'),
    args: [provider],
  })
  await callProvider('setPoolDataProvider', dataProvider)
  await pipeline.flush()

  const [pool, poolConfigurator] = await Promise.all([
    client.readContract({ address: provider, abi: aavePoolAddressesProviderAbi, functionName: 'getPool' }),
    client.readContract({
      address: provider,
      abi: aavePoolAddressesProviderAbi,
      functionName: 'getPoolConfigurator',
    }),
  ])
  if (pool === zeroAddress || poolConfigurator === zeroAddress) {
    throw new DevnetError('The PoolAddressesProvider did not create the Pool and PoolConfigurator proxies.')
  }
  return { pool, poolAddressesProvider: provider, poolConfigurator, aaveOracle, dataProvider, aclManager }
}
