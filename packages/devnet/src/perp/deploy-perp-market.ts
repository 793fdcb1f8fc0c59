import type { Address } from 'viem'
import { parseAbi } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { curieArtifact, perpOracleArtifact, uniswapV3Artifact } from './perp-artifacts.js'
import { callArtifact, deployWhere } from './perp-contract-call.js'
import { PERP_POOL_FEE, sqrtPriceX96FromPrice } from './perp-math.js'

export type PerpMarketSymbol = 'ETH' | 'BTC'

export type PerpMarketParameters<symbols extends PerpMarketSymbol = PerpMarketSymbol> = {
  symbol: symbols
  /** The devnet's AggregatorV3 feed (`DevnetPriceFeed`, 8 decimals) for this asset. */
  indexFeed: Address
  /** Starting price of the market's Uniswap v3 pool, in USD; match the feed's price. */
  initialPrice: number
}

export type PerpMarket = {
  /** The market's virtual base token (`vETH`, `vBTC`): Perp identifies markets by it. */
  baseToken: Address
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
 * registration in the MarketRegistry with fees, and the Exchange's price-limit setting.
 *
 * @example
 * const eth = await deployPerpMarket(client, context, { symbol: 'ETH', indexFeed: ethFeed, initialPrice: 3000 })
 */
export async function deployPerpMarket(
  client: DevnetClient,
  context: PerpMarketContext,
  market: PerpMarketParameters,
): Promise<PerpMarket> {
  const { uniswapV3Factory, clearingHouse, marketRegistry, exchange, quoteToken } = context
  const baseArtifact = curieArtifact('BaseToken')
  const quoteArtifact = curieArtifact('QuoteToken')
  const poolArtifact = uniswapV3Artifact('UniswapV3Pool')

  const priceFeed = await deployContract(client, {
    artifact: perpOracleArtifact('ChainlinkPriceFeed'),
    args: [market.indexFeed],
  })
  const baseToken = await deployWhere(client, baseArtifact, (address) => BigInt(address) < BigInt(quoteToken))
  const name = `v${market.symbol}`
  await callArtifact(client, baseArtifact, baseToken, 'initialize', [name, name, priceFeed])
  await callArtifact(client, baseArtifact, baseToken, 'mintMaximumTo', [clearingHouse])
  await callArtifact(client, baseArtifact, baseToken, 'addWhitelist', [clearingHouse])

  const factoryArtifact = uniswapV3Artifact('UniswapV3Factory')
  await callArtifact(client, factoryArtifact, uniswapV3Factory, 'createPool', [
    baseToken,
    quoteToken,
    PERP_POOL_FEE,
  ])
  const pool = await client.readContract({
    address: uniswapV3Factory,
    abi: factoryAbi,
    functionName: 'getPool',
    args: [baseToken, quoteToken, PERP_POOL_FEE],
  })
  const price = BigInt(Math.round(market.initialPrice * 1e8))
  await callArtifact(client, poolArtifact, pool, 'initialize', [sqrtPriceX96FromPrice(price, 8)])
  await callArtifact(client, poolArtifact, pool, 'increaseObservationCardinalityNext', [
    OBSERVATION_CARDINALITY,
  ])
  await callArtifact(client, baseArtifact, baseToken, 'addWhitelist', [pool])
  await callArtifact(client, quoteArtifact, quoteToken, 'addWhitelist', [pool])

  const registryArtifact = curieArtifact('MarketRegistry')
  await callArtifact(client, registryArtifact, marketRegistry, 'addPool', [baseToken, PERP_POOL_FEE])
  await callArtifact(client, registryArtifact, marketRegistry, 'setFeeRatio', [baseToken, EXCHANGE_FEE_RATIO])
  await callArtifact(client, registryArtifact, marketRegistry, 'setInsuranceFundFeeRatio', [
    baseToken,
    INSURANCE_FUND_FEE_RATIO,
  ])
  await callArtifact(client, curieArtifact('Exchange'), exchange, 'setMaxTickCrossedWithinBlock', [
    baseToken,
    MAX_TICK_CROSSED_WITHIN_BLOCK,
  ])
  return { baseToken, pool, priceFeed, indexFeed: market.indexFeed }
}
