import { type Address, type Hash, parseUnits } from 'viem'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { type AnvilInstance, startAnvil } from '../chain/start-anvil.js'
import { loadPackageArtifact, loadProjectArtifact } from '../deploy/artifacts.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { DevnetError } from '../errors.js'
import { aavePoolAbi } from './aave-abis.js'
import { type AaveDeployment, type AaveReserveInput, deployAave } from './deploy-aave.js'
import { aaveRiskPresets, ethCorrelatedEMode } from './reserve-presets.js'

/** The market the Aave tests run on: prices in whole USD, fed to DevnetPriceFeeds with 8 decimals. */
export const aaveTestAssets = [
  { symbol: 'WETH', decimals: 18, price: 3_000n },
  { symbol: 'WBTC', decimals: 8, price: 60_000n },
  { symbol: 'USDC', decimals: 6, price: 1n },
  { symbol: 'USDT', decimals: 6, price: 1n },
  { symbol: 'wstETH', decimals: 18, price: 3_500n },
] as const
export type AaveTestSymbol = (typeof aaveTestAssets)[number]['symbol']

// anvil's default accounts 0..2
const deployerKey = '0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80'
const borrowerKey = '0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d'
const looperKey = '0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a'

const tokenArtifact = loadPackageArtifact(
  '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json',
)
export const devnetFeedAbi = loadProjectArtifact('DevnetPriceFeed').abi

export type AaveTestMarket = {
  anvil: AnvilInstance
  deployer: DevnetClient
  borrower: DevnetClient
  looper: DevnetClient
  aave: AaveDeployment
  tokens: Record<AaveTestSymbol, Address>
  feeds: Record<AaveTestSymbol, Address>
  deploySeconds: number
  /** Mints `amount` to the client's account, approves the pool and supplies it. */
  mintAndSupply: (client: DevnetClient, symbol: AaveTestSymbol, amount: bigint) => Promise<void>
  /** `getUserAccountData` of the client's account, at `blockNumber` when given. */
  accountData: (
    client: DevnetClient,
    blockNumber?: bigint,
  ) => Promise<readonly [bigint, bigint, bigint, bigint, bigint, bigint]>
}

/**
 * Starts anvil (chain 1) on a port the OS picks (port 0), deploys MintableERC20 tokens and DevnetPriceFeeds for
 * `aaveTestAssets`, then `deployAave` with `aaveRiskPresets` and eMode 1. The deployer supplies
 * 100 WETH and 1,000,000 USDC of liquidity. Compiles the project contracts first when needed.
 *
 * @example
 * const market = await startAaveTestMarket()
 * await market.anvil.stop()
 */
export async function startAaveTestMarket(): Promise<AaveTestMarket> {
  const anvil = await startAnvil({ chainId: 1, port: 0 })
  const client = (privateKey: `0x${string}`) =>
    createDevnetClient({ chainId: 1, rpcUrl: anvil.rpcUrl, privateKey })
  const deployer = client(deployerKey)
  const tokens = {} as Record<AaveTestSymbol, Address>
  const feeds = {} as Record<AaveTestSymbol, Address>
  const feedArtifact = loadProjectArtifact('DevnetPriceFeed')
  for (const asset of aaveTestAssets) {
    const { symbol, decimals, price } = asset
    tokens[symbol] = await deployContract(deployer, {
      artifact: tokenArtifact,
      args: [symbol, symbol, decimals],
    })
    feeds[symbol] = await deployContract(deployer, {
      artifact: feedArtifact,
      args: [8, `${symbol} / USD`, price * 10n ** 8n],
    })
  }
  const reserves: AaveReserveInput[] = aaveTestAssets.map(({ symbol, decimals }) => ({
    symbol,
    token: tokens[symbol],
    decimals,
    feed: feeds[symbol],
    ...aaveRiskPresets[symbol],
  }))

  const started = performance.now()
  const aave = await deployAave(deployer, { reserves, eModes: [ethCorrelatedEMode] })
  const deploySeconds = (performance.now() - started) / 1000

  const mintAndSupply = async (sender: DevnetClient, symbol: AaveTestSymbol, amount: bigint) => {
    const me = sender.account.address
    const token = tokens[symbol]
    const abi = tokenArtifact.abi
    await confirm(
      sender,
      sender.writeContract({ address: token, abi, functionName: 'mint', args: [me, amount] }),
    )
    await confirm(
      sender,
      sender.writeContract({ address: token, abi, functionName: 'approve', args: [aave.pool, amount] }),
    )
    await confirm(
      sender,
      sender.writeContract({
        address: aave.pool,
        abi: aavePoolAbi,
        functionName: 'supply',
        args: [token, amount, me, 0],
      }),
    )
  }
  const accountData = (reader: DevnetClient, blockNumber?: bigint) =>
    reader.readContract({
      address: aave.pool,
      abi: aavePoolAbi,
      functionName: 'getUserAccountData',
      args: [reader.account.address],
      ...(blockNumber === undefined ? {} : { blockNumber }),
    })

  await mintAndSupply(deployer, 'WETH', parseUnits('100', 18))
  await mintAndSupply(deployer, 'USDC', parseUnits('1000000', 6))
  return {
    anvil,
    deployer,
    borrower: client(borrowerKey),
    looper: client(looperKey),
    aave,
    tokens,
    feeds,
    deploySeconds,
    mintAndSupply,
    accountData,
  }
}

/**
 * Waits for a transaction and throws if it reverted.
 *
 * @example
 * await confirm(client, client.writeContract({ ... }))
 */
export async function confirm(client: DevnetClient, hash: Hash | Promise<Hash>) {
  const receipt = await client.waitForTransactionReceipt({ hash: await hash, pollingInterval: 10 })
  if (receipt.status !== 'success') throw new DevnetError(`Transaction ${receipt.transactionHash} reverted.`)
  return receipt
}
