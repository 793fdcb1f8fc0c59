import type { PerpMarketSpec } from '@xmargin/core'
import type { Address } from 'viem'
import { encodeAbiParameters, getContractAddress, keccak256, parseAbi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { DevnetError } from '../errors.js'
import { curieArtifact, perpOracleArtifact, uniswapV3Artifact } from './perp-artifacts.js'
import type { PerpDeployer } from './perp-contract-call.js'
import { PERP_POOL_FEE, sqrtPriceX96FromPrice } from './perp-math.js'

export type PerpMarketSymbol = 'ETH' | 'BTC'

export type PerpMarketParameters<symbols extends PerpMarketSymbol = PerpMarketSymbol> = {
  symbol: symbols
  /** The devnet's AggregatorV3 feed (`DevnetPriceFeed`, 8 decimals) for this asset. */
  indexFeed: Address
  /** Starting price of the market's Uniswap v3 pool, in USD; match the feed's price. */
  initialPrice: number
}

/**
 * A deployed Perp v2 market: the chain spec's market (its virtual base token, `vETH`, `vBTC`, by
 * which Perp identifies it) with the devnet's pool and feeds.
 */
export type PerpMarket = PerpMarketSpec & {
  /** Its Uniswap v3 pool against the quote token (`vUSD`), 0.3% tier. */
  pool: Address
  /** Perp's `ChainlinkPriceFeed` adapter that the base token reads its index price from. */
  priceFeed: Address
  /** The devnet feed behind it: move the index with its `setPrice`. */
  indexFeed: Address
}

/** Addresses a market needs from the core deployment. */
export type PerpMarketContext = {
  uniswapV3Factory: Address
  clearingHouse: Address
  marketRegistry: Address
  exchange: Address
  quoteToken: Address
}

/** Exchange fee 0.1% and 10% of it to the insurance fund, as on Perp v2's live markets. */
const EXCHANGE_FEE_RATIO = 1000
const INSURANCE_FUND_FEE_RATIO = 100_000
/** Ticks a block may move the pool (~10%); 0 would mean "market paused" (`EX_MIP`). */
const MAX_TICK_CROSSED_WITHIN_BLOCK = 1000
/** Oracle slots so the pool can answer short TWAP queries (`observe`). */
const OBSERVATION_CARDINALITY = 64

const factoryAbi = parseAbi(['function getPool(address, address, uint24) view returns (address)'])

/**
 * Lists one market: Perp's Chainlink adapter over the devnet feed, the virtual base token (at an
 * address below the quote token), its Uniswap v3 pool initialized at `initialPrice`, whitelists,
 * registration in the MarketRegistry with fees, and the Exchange's price-limit setting. The steps
 * are queued on `deployer`; the pool's address is the factory's CREATE2 address.
 *
 * @example
 * const eth = await deployPerpMarket(deployer, context, { symbol: 'ETH', indexFeed: ethFeed, initialPrice: 3000 })
 * await deployer.flush()
 */
export async function deployPerpMarket(
  deployer: PerpDeployer,
  context: PerpMarketContext,
  market: PerpMarketParameters,
): Promise<PerpMarket> {
  const { uniswapV3Factory, clearingHouse, marketRegistry, exchange, quoteToken } = context
  const baseArtifact = curieArtifact('BaseToken')
  const quoteArtifact = curieArtifact('QuoteToken')
  const poolArtifact = uniswapV3Artifact('UniswapV3Pool')

  const priceFeed = await deployer.deploy(perpOracleArtifact('ChainlinkPriceFeed'), [market.indexFeed])
  const baseToken = await deployer.deployWhere(
    baseArtifact,
    (address) => BigInt(address) < BigInt(quoteToken),
  )
  const name = `v${market.symbol}`
  await deployer.call(baseArtifact, baseToken, 'initialize', [name, name, priceFeed])
  await deployer.call(baseArtifact, baseToken, 'mintMaximumTo', [clearingHouse])
  await deployer.call(baseArtifact, baseToken, 'addWhitelist', [clearingHouse])

  const factoryArtifact = uniswapV3Artifact('UniswapV3Factory')
  // createPool deploys the pool (about 4.5 M gas).
  await deployer.call(
    factoryArtifact,
    uniswapV3Factory,
    'createPool',
    [baseToken, quoteToken, PERP_POOL_FEE],
    8_000_000n,
  )
  const pool = getContractAddress({
    opcode: 'CREATE2',
    from: uniswapV3Factory,
    salt: keccak256(
      encodeAbiParameters(
        [{ type: 'address' }, { type: 'address' }, { type: 'uint24' }],
        [baseToken, quoteToken, PERP_POOL_FEE],
      ),
    ),
    bytecode: poolArtifact.bytecode,
  })
  const price = BigInt(Math.round(market.initialPrice * 1e8))
  await deployer.call(poolArtifact, pool, 'initialize', [sqrtPriceX96FromPrice(price, 8)])
  await deployer.call(poolArtifact, pool, 'increaseObservationCardinalityNext', [OBSERVATION_CARDINALITY])
  await deployer.call(baseArtifact, baseToken, 'addWhitelist', [pool])
  await deployer.call(quoteArtifact, quoteToken, 'addWhitelist', [pool])

  const registryArtifact = curieArtifact('MarketRegistry')
  await deployer.call(registryArtifact, marketRegistry, 'addPool', [baseToken, PERP_POOL_FEE])
  await deployer.call(registryArtifact, marketRegistry, 'setFeeRatio', [baseToken, EXCHANGE_FEE_RATIO])
  await deployer.call(registryArtifact, marketRegistry, 'setInsuranceFundFeeRatio', [
    baseToken,
    INSURANCE_FUND_FEE_RATIO,
  ])
  await deployer.call(curieArtifact('Exchange'), exchange, 'setMaxTickCrossedWithinBlock', [
    baseToken,
    MAX_TICK_CROSSED_WITHIN_BLOCK,
  ])
  return { baseToken, pool, priceFeed, indexFeed: market.indexFeed }
}

/**
 * Checks, once the deployment is mined, that the factory created each market's pool at the address
 * `deployPerpMarket` derived.
 *
 * @example
 * await checkPerpPools(client, factory, quoteToken, Object.values(perp.markets))
 */
export async function checkPerpPools(
  client: DevnetClient,
  uniswapV3Factory: Address,
  quoteToken: Address,
  markets: readonly PerpMarket[],
): Promise<void> {
  for (const market of markets) {
    const pool = await client.readContract({
      address: uniswapV3Factory,
      abi: factoryAbi,
      functionName: 'getPool',
      args: [market.baseToken, quoteToken, PERP_POOL_FEE],
    })
    if (pool.toLowerCase() !== market.pool.toLowerCase()) {
      throw new DevnetError(`Perp v2: the pool of ${market.baseToken} is ${pool}, expected ${market.pool}.`)
    }
  }
}
