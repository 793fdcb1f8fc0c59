import type { UniswapV3PoolSpec } from '@xmargin/core'
import { sqrtFloor } from '@xmargin/engine'
import { type Address, getAddress, maxUint256, zeroAddress } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { devnetTokens } from '../config.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { deployContract } from '../deploy/deploy-contract.js'
import type { DeployedToken } from '../deploy/deploy-tokens.js'
import { DevnetError } from '../errors.js'
import type { ManifestContractName } from '../manifest.js'
import { uniswapV3Artifact } from '../perp/perp-artifacts.js'
import { approve, mintTo } from '../seed/token-actions.js'
import { uniswapPeripheryArtifact, uniswapV3Abi } from './uniswap-periphery.js'
import { tickSpacingOfFee, type UniswapPoolSpec, uniswapPoolSpecs } from './uniswap-pool-specs.js'

/** The anvil account that deploys the Uniswap periphery and provides the pools' liquidity. */
export const UNISWAP_LIQUIDITY_INDEX = 12

/**
 * A devnet Uniswap v3 pool with real tokens, as the manifest lists it: the chain spec's pool (the
 * asset it prices, WETH or WBTC, and its quote, USDC), with its tokens, fee and spacing for tests.
 */
export type ManifestUniswapV3Pool = UniswapV3PoolSpec & {
  token0: Address
  token1: Address
  fee: number
  tickSpacing: number
}

export type DeployUniswapPoolsParameters = {
  tokens: readonly DeployedToken[]
  /** A Uniswap v3 factory already on the chain (Perp v2's); deployed here when absent. */
  factory?: Address | undefined
  pools?: readonly UniswapPoolSpec[]
}

export type DeployUniswapPoolsReturnType = {
  contracts: Partial<Record<ManifestContractName, Address>>
  pools: ManifestUniswapV3Pool[]
}

/**
 * Deploys the Uniswap v3 periphery (position manager, SwapRouter, QuoterV2) on a chain's factory,
 * creates each pool at the tokens' starting feed prices and mints its liquidity ranges from the
 * client's account, which keeps the LP NFTs and the tokens a range did not need (give it an account
 * of its own, {@link UNISWAP_LIQUIDITY_INDEX}, so no other account's nonces or balances move).
 *
 * @example
 * const { contracts, pools } = await deployUniswapPools(deployer, { tokens, factory: perpFactory })
 */
export async function deployUniswapPools(
  client: DevnetClient,
  parameters: DeployUniswapPoolsParameters,
): Promise<DeployUniswapPoolsReturnType> {
  const { tokens, pools: specs = uniswapPoolSpecs } = parameters
  const factory =
    parameters.factory ?? (await deployContract(client, { artifact: uniswapV3Artifact('UniswapV3Factory') }))
  const weth = tokenOf(tokens, 'WETH').address
  const positionManager = await deployContract(client, {
    artifact: uniswapPeripheryArtifact('NonfungiblePositionManager'),
    // the descriptor only serves tokenURI, which nothing here reads
    args: [factory, weth, zeroAddress],
  })
  const swapRouter = await deployContract(client, {
    artifact: uniswapPeripheryArtifact('SwapRouter'),
    args: [factory, weth],
  })
  const quoterV2 = await deployContract(client, {
    artifact: uniswapPeripheryArtifact('QuoterV2'),
    args: [factory, weth],
  })
  const pools: ManifestUniswapV3Pool[] = []
  for (const spec of specs) pools.push(await deployPool(client, { factory, positionManager, tokens, spec }))
  return {
    contracts: {
      uniswapV3Factory: factory,
      uniswapV3PositionManager: positionManager,
      uniswapV3SwapRouter: swapRouter,
      uniswapV3QuoterV2: quoterV2,
    },
    pools,
  }
}

async function deployPool(
  client: DevnetClient,
  context: {
    factory: Address
    positionManager: Address
    tokens: readonly DeployedToken[]
    spec: UniswapPoolSpec
  },
): Promise<ManifestUniswapV3Pool> {
  const { factory, positionManager, tokens, spec } = context
  const base = tokenOf(tokens, spec.base)
  const quote = tokenOf(tokens, spec.quote)
  const baseIsToken0 = BigInt(base.address) < BigInt(quote.address)
  const [token0, token1] = baseIsToken0 ? [base, quote] : [quote, base]
  const basePrice = startingPrice(spec.base) / startingPrice(spec.quote)
  const tickSpacing = tickSpacingOfFee[spec.fee]
  await confirmTx(
    client,
    `Uniswap: create ${spec.base}/${spec.quote} pool`,
    client.writeContract({
      address: factory,
      abi: uniswapV3Abi,
      functionName: 'createPool',
      args: [base.address, quote.address, spec.fee],
    }),
  )
  const pool = getAddress(
    await client.readContract({
      address: factory,
      abi: uniswapV3Abi,
      functionName: 'getPool',
      args: [base.address, quote.address, spec.fee],
    }),
  )
  // sqrt(token1 per token0 in raw units)·2^96, from one whole base token's price in quote units
  const oneBase = 10n ** BigInt(base.decimals)
  const baseInQuote = BigInt(basePrice) * 10n ** BigInt(quote.decimals)
  const [amount0, amount1] = baseIsToken0 ? [oneBase, baseInQuote] : [baseInQuote, oneBase]
  const sqrtPriceX96 = sqrtFloor((amount1 << 192n) / amount0)
  await confirmTx(
    client,
    `Uniswap: initialize ${spec.base}/${spec.quote}`,
    client.writeContract({
      address: pool,
      abi: uniswapV3Abi,
      functionName: 'initialize',
      args: [sqrtPriceX96],
    }),
  )
  for (const range of spec.ranges) {
    const baseAmount =
      (BigInt(Math.round((range.usd / startingPrice(spec.base)) * 1e6)) * 10n ** BigInt(base.decimals)) /
      10n ** 6n
    const quoteAmount =
      BigInt(Math.round(range.usd / startingPrice(spec.quote))) * 10n ** BigInt(quote.decimals)
    for (const [token, amount] of [
      [base, baseAmount],
      [quote, quoteAmount],
    ] as const) {
      await mintTo(client, token.address, amount)
      await approve(client, token.address, positionManager, amount)
    }
    const ticks = [range.lowerFactor, range.upperFactor].map((factor) => {
      const rawPrice = basePrice * factor * 10 ** (quote.decimals - base.decimals)
      return Math.log(baseIsToken0 ? rawPrice : 1 / rawPrice) / Math.log1p(0.0001)
    })
    const tickLower = Math.floor(Math.min(...ticks) / tickSpacing) * tickSpacing
    const tickUpper = Math.ceil(Math.max(...ticks) / tickSpacing) * tickSpacing
    const [amount0Desired, amount1Desired] = baseIsToken0
      ? [baseAmount, quoteAmount]
      : [quoteAmount, baseAmount]
    await confirmTx(
      client,
      `Uniswap: mint ${spec.base}/${spec.quote} ${range.lowerFactor}–${range.upperFactor}`,
      client.writeContract({
        address: positionManager,
        abi: uniswapV3Abi,
        functionName: 'mint',
        args: [
          {
            token0: token0.address,
            token1: token1.address,
            fee: spec.fee,
            tickLower,
            tickUpper,
            amount0Desired,
            amount1Desired,
            amount0Min: 0n,
            amount1Min: 0n,
            recipient: client.account.address,
            deadline: maxUint256,
          },
        ],
      }),
    )
  }
  return {
    address: pool,
    token0: token0.address,
    token1: token1.address,
    baseSymbol: spec.base,
    quoteSymbol: spec.quote,
    fee: spec.fee,
    tickSpacing,
  }
}

function tokenOf(tokens: readonly DeployedToken[], symbol: string): DeployedToken {
  const token = tokens.find((t) => t.symbol === symbol)
  if (!token) throw new DevnetError(`Uniswap pools need ${symbol}, which this chain does not deploy.`)
  return token
}

function startingPrice(symbol: string): number {
  const token = devnetTokens.find((t) => t.symbol === symbol)
  if (!token) throw new DevnetError(`No starting price for ${symbol}.`)
  return token.priceUsd
}
