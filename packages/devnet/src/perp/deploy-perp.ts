import type { Address } from 'viem'
import { maxUint256 } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import {
  checkPerpPools,
  deployPerpMarket,
  type PerpMarket,
  type PerpMarketParameters,
  type PerpMarketSymbol,
} from './deploy-perp-market.js'
import { type CurieContractName, curieArtifact, uniswapV3Artifact } from './perp-artifacts.js'
import { createPerpDeployer } from './perp-contract-call.js'
import { ensureIndexPricesReadable } from './perp-index-price.js'

export type DeployPerpParameters<symbols extends PerpMarketSymbol = PerpMarketSymbol> = {
  /** Settlement token (USDC, 6 decimals) already deployed on the chain. */
  usdc: Address
  markets: readonly PerpMarketParameters<symbols>[]
}

export type PerpDeployment<symbols extends PerpMarketSymbol = PerpMarketSymbol> = {
  clearingHouse: Address
  vault: Address
  accountBalance: Address
  exchange: Address
  orderBook: Address
  marketRegistry: Address
  clearingHouseConfig: Address
  insuranceFund: Address
  collateralManager: Address
  delegateApproval: Address
  /** Virtual quote token (`vUSD`), token1 of every pool. */
  quoteToken: Address
  uniswapV3Factory: Address
  usdc: Address
  markets: Record<symbols, PerpMarket>
}

/** The contracts and markets that trading, collateral and reads go through. */
export type PerpContracts<symbols extends PerpMarketSymbol = PerpMarketSymbol> = Pick<
  PerpDeployment<symbols>,
  'clearingHouse' | 'vault' | 'accountBalance' | 'exchange' | 'clearingHouseConfig' | 'usdc' | 'markets'
>

export type DeployPerpReturnType<symbols extends PerpMarketSymbol = PerpMarketSymbol> =
  PerpDeployment<symbols>

/**
 * Index TWAP interval. Curie's default is 15 minutes; the devnet uses the minimum (1 s) so a price
 * shock on the feed shows in account values from the next second on.
 */
export const PERP_TWAP_INTERVAL_SECONDS = 1

/**
 * Deploys Perpetual Protocol v2 (Curie) from `@perp/curie-contract@1.4.0` bytecode on Uniswap v3
 * (`@uniswap/v3-core@1.0.0`), wires it as Perp's own deployment does, and lists the given markets
 * with index prices from the devnet feeds through Perp's `ChainlinkPriceFeed`. The contracts are
 * upgradeable-style but initialized directly (no proxies), as Perp's own test fixtures do. The
 * steps go out back to back without waiting for receipts (`createPerpDeployer`).
 * The client's account becomes the owner of everything.
 *
 * @example
 * const perp = await deployPerp(client, {
 *   usdc,
 *   markets: [
 *     { symbol: 'ETH', indexFeed: ethFeed, initialPrice: 3000 },
 *     { symbol: 'BTC', indexFeed: btcFeed, initialPrice: 60000 },
 *   ],
 * })
 * perp.markets.ETH.baseToken
 */
export async function deployPerp<const symbols extends PerpMarketSymbol>(
  client: DevnetClient,
  parameters: DeployPerpParameters<symbols>,
): Promise<DeployPerpReturnType<symbols>> {
  const { usdc } = parameters
  const deployer = await createPerpDeployer(client)
  const deploy = (name: CurieContractName) => deployer.deploy(curieArtifact(name))
  const call = (
    name: CurieContractName,
    address: Address,
    functionName: string,
    args: readonly unknown[] = [],
  ) => deployer.call(curieArtifact(name), address, functionName, args)

  const uniswapV3Factory = await deployer.deploy(uniswapV3Artifact('UniswapV3Factory'))
  // A high quote address leaves room below it for the base tokens (base must be token0).
  const quoteToken = await deployer.deployWhere(
    curieArtifact('QuoteToken'),
    (a) => BigInt(a) >= 0xc0n << 152n,
  )
  await call('QuoteToken', quoteToken, 'initialize', ['vUSD', 'vUSD'])

  const clearingHouseConfig = await deploy('ClearingHouseConfig')
  await call('ClearingHouseConfig', clearingHouseConfig, 'initialize')
  await call('ClearingHouseConfig', clearingHouseConfig, 'setTwapInterval', [PERP_TWAP_INTERVAL_SECONDS])
  await call('ClearingHouseConfig', clearingHouseConfig, 'setSettlementTokenBalanceCap', [maxUint256])

  const marketRegistry = await deploy('MarketRegistry')
  await call('MarketRegistry', marketRegistry, 'initialize', [uniswapV3Factory, quoteToken])
  const orderBook = await deploy('OrderBook')
  await call('OrderBook', orderBook, 'initialize', [marketRegistry])
  const accountBalance = await deploy('AccountBalance')
  await call('AccountBalance', accountBalance, 'initialize', [clearingHouseConfig, orderBook])
  const exchange = await deploy('Exchange')
  await call('Exchange', exchange, 'initialize', [marketRegistry, orderBook, clearingHouseConfig])
  await call('Exchange', exchange, 'setAccountBalance', [accountBalance])
  await call('OrderBook', orderBook, 'setExchange', [exchange])

  const insuranceFund = await deploy('InsuranceFund')
  await call('InsuranceFund', insuranceFund, 'initialize', [usdc])
  const vault = await deploy('Vault')
  await call('Vault', vault, 'initialize', [insuranceFund, clearingHouseConfig, accountBalance, exchange])
  await call('InsuranceFund', insuranceFund, 'setBorrower', [vault])
  await call('AccountBalance', accountBalance, 'setVault', [vault])

  // Multi-collateral manager with Perp v2's production ratios (USDC stays the only collateral here).
  const collateralManager = await deploy('CollateralManager')
  await call('CollateralManager', collateralManager, 'initialize', [
    clearingHouseConfig,
    vault,
    3, // max collateral tokens per account
    800_000, // debt / non-settlement collateral value ratio 80%
    500_000, // collateral liquidation ratio 50%
    5_000, // mm ratio buffer 0.5%
    30_000, // collateral-liquidation insurance fee 3%
    10_000_000_000n, // debt threshold 10,000 USDC
    500_000_000n, // collateral value dust 500 USDC
  ])
  await call('Vault', vault, 'setCollateralManager', [collateralManager])

  const clearingHouse = await deploy('ClearingHouse')
  await call('ClearingHouse', clearingHouse, 'initialize', [
    clearingHouseConfig,
    vault,
    quoteToken,
    uniswapV3Factory,
    exchange,
    accountBalance,
    insuranceFund,
  ])
  const delegateApproval = await deploy('DelegateApproval')
  await call('DelegateApproval', delegateApproval, 'initialize')
  await call('ClearingHouse', clearingHouse, 'setDelegateApproval', [delegateApproval])
  const callees = [
    ['MarketRegistry', marketRegistry],
    ['OrderBook', orderBook],
    ['Exchange', exchange],
    ['AccountBalance', accountBalance],
    ['Vault', vault],
  ] as const
  for (const [name, address] of callees) await call(name, address, 'setClearingHouse', [clearingHouse])
  await call('QuoteToken', quoteToken, 'mintMaximumTo', [clearingHouse])
  await call('QuoteToken', quoteToken, 'addWhitelist', [clearingHouse])

  const context = { uniswapV3Factory, clearingHouse, marketRegistry, exchange, quoteToken }
  const markets = {} as Record<symbols, PerpMarket>
  for (const market of parameters.markets) {
    markets[market.symbol] = await deployPerpMarket(deployer, context, market)
  }
  await deployer.flush()
  await checkPerpPools(client, uniswapV3Factory, quoteToken, Object.values<PerpMarket>(markets))
  await ensureIndexPricesReadable(client, clearingHouseConfig, Object.values<PerpMarket>(markets))
  return {
    clearingHouse,
    vault,
    accountBalance,
    exchange,
    orderBook,
    marketRegistry,
    clearingHouseConfig,
    insuranceFund,
    collateralManager,
    delegateApproval,
    quoteToken,
    uniswapV3Factory,
    usdc,
    markets,
  }
}
