import {
  anvilKey,
  createDevnetClient,
  type ManifestUniswapV3Pool,
  UNISWAP_LIQUIDITY_INDEX,
  uniswapV3Abi,
} from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { MAX_SQRT_RATIO, MIN_SQRT_RATIO, swapUniswapV3, TickRangeNotCoveredError } from '@xmargin/engine'
import { type Address, erc20Abi, maxUint256 } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { createDevnetFixture } from '../../testing/devnet-fixture.js'
import { readUniswapV3Pool, wordsForPriceRange } from './read-uniswap-v3-pool.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)

const aaveChains = devnet.manifest.chains.filter((c) => c.contracts.aavePool)

function poolsOf(chainId: number): ManifestUniswapV3Pool[] {
  const pools = devnet.manifest.chains.find((c) => c.chainId === chainId)?.uniswapV3Pools ?? []
  expect(pools.map((p) => `${p.baseSymbol}/${p.quoteSymbol}`)).toEqual(['WETH/USDC', 'WBTC/USDC'])
  return pools
}

function quoterOf(chainId: number): Address {
  const quoter = devnet.manifest.chains.find((c) => c.chainId === chainId)?.contracts.uniswapV3QuoterV2
  if (!quoter) throw new Error(`no QuoterV2 on chain ${chainId}`)
  return quoter
}

function decimalsOf(chainId: number, symbol: string): number {
  const token = devnet.manifest.chains
    .find((c) => c.chainId === chainId)
    ?.tokens.find((t) => t.symbol === symbol)
  if (!token) throw new Error(`no ${symbol} on chain ${chainId}`)
  return token.decimals
}

/** Sale sizes in whole base tokens: dust, a retail order, sales across one and several ranges, one that drains the pool. */
const baseSales = { WETH: [0.001, 1, 400, 3000, 9000], WBTC: [0.0001, 0.5, 20, 150, 450] } as Record<
  string,
  number[]
>
/** Buys, in whole USDC. */
const quoteBuys = [1, 25_000, 5_000_000]

const raw = (amount: number, decimals: number) =>
  (BigInt(Math.round(amount * 1e8)) * 10n ** BigInt(decimals)) / 10n ** 8n

describe('readUniswapV3Pool() and the engine swap math against QuoterV2', () => {
  test('the pools exist on both Aave chains with real liquidity in several ranges', async () => {
    expect(aaveChains.map((c) => c.chainId).sort()).toEqual([1, 42161])
    for (const chain of aaveChains) {
      const client = devnet.client(chain.chainId)
      const blockNumber = await client.getBlockNumber()
      for (const pool of poolsOf(chain.chainId)) {
        const state = await readUniswapV3Pool({ client, blockNumber, pool: pool.address })
        expect(state.fee).toBe(pool.fee)
        expect(state.tickSpacing).toBe(pool.tickSpacing)
        expect(state.liquidity).toBeGreaterThan(0n)
        // four ranges: up to eight distinct initialized edges, at least six within ±2 words
        expect(state.ticks.length).toBeGreaterThanOrEqual(6)
      }
    }
  })

  test('sells and buys of several sizes pay exactly what QuoterV2 quotes at the same block', async () => {
    for (const chain of aaveChains) {
      const client = devnet.client(chain.chainId)
      const blockNumber = await client.getBlockNumber()
      let maxCrossed = 0
      let drained = 0
      for (const pool of poolsOf(chain.chainId)) {
        // the whole bitmap (clipped to the tick range): the largest sales drain every range and walk
        // on to the price limit, which the engine can follow only with every word read
        const state = await readUniswapV3Pool({
          client,
          blockNumber,
          pool: pool.address,
          words: { below: 1000, above: 1000 },
        })
        const baseIsToken0 =
          pool.token0 === (chain.tokens.find((t) => t.symbol === pool.baseSymbol)?.address ?? '')
        const [base, quote] = baseIsToken0 ? [pool.token0, pool.token1] : [pool.token1, pool.token0]
        const cases = [
          ...(baseSales[pool.baseSymbol] ?? []).map((size) => ({
            tokenIn: base,
            tokenOut: quote,
            amount: raw(size, decimalsOf(chain.chainId, pool.baseSymbol)),
            zeroForOne: baseIsToken0,
          })),
          ...quoteBuys.map((size) => ({
            tokenIn: quote,
            tokenOut: base,
            amount: raw(size, decimalsOf(chain.chainId, pool.quoteSymbol)),
            zeroForOne: !baseIsToken0,
          })),
        ]
        for (const { tokenIn, tokenOut, amount, zeroForOne } of cases) {
          const engine = swapUniswapV3({ pool: state, zeroForOne, amountSpecified: amount })
          const { result } = await client.simulateContract({
            address: quoterOf(chain.chainId),
            abi: uniswapV3Abi,
            functionName: 'quoteExactInputSingle',
            args: [{ tokenIn, tokenOut, amountIn: amount, fee: pool.fee, sqrtPriceLimitX96: 0n }],
            blockNumber,
          })
          const label = `${chain.chainId} ${pool.baseSymbol} ${zeroForOne ? 'sell' : 'buy'} ${amount}`
          expect({ label, amountOut: engine.amountOut, sqrtPriceX96After: engine.pool.sqrtPriceX96 }).toEqual(
            {
              label,
              amountOut: result[0],
              sqrtPriceX96After: result[1],
            },
          )
          // a sale larger than the pool takes what it can and stops at the price limit
          if (engine.amountIn < amount) {
            expect(engine.pool.sqrtPriceX96, label).toBe(
              zeroForOne ? MIN_SQRT_RATIO + 1n : MAX_SQRT_RATIO - 1n,
            )
            drained++
          } else expect(engine.amountIn, label).toBe(amount)
          maxCrossed = Math.max(maxCrossed, engine.initializedTicksCrossed)

          const exactOut = swapUniswapV3({ pool: state, zeroForOne, amountSpecified: -engine.amountOut })
          const quoted = await client.simulateContract({
            address: quoterOf(chain.chainId),
            abi: uniswapV3Abi,
            functionName: 'quoteExactOutputSingle',
            args: [{ tokenIn, tokenOut, amount: engine.amountOut, fee: pool.fee, sqrtPriceLimitX96: 0n }],
            blockNumber,
          })
          expect({ label, amountIn: exactOut.amountIn }).toEqual({ label, amountIn: quoted.result[0] })
        }
      }
      // the large sales walk through several ranges, so tick crossing is what is being compared
      expect(maxCrossed).toBeGreaterThanOrEqual(2)
      expect(drained).toBeGreaterThanOrEqual(1)
    }
  })

  test('a real sale through SwapRouter receives what the engine computed from the state before it', async () => {
    const chain = aaveChains[0]
    if (!chain) throw new Error('no Aave chain')
    const pool = poolsOf(chain.chainId)[0] as ManifestUniswapV3Pool
    const router = chain.contracts.uniswapV3SwapRouter as Address
    const trader = createDevnetClient({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      privateKey: anvilKey(UNISWAP_LIQUIDITY_INDEX),
    })
    const client = devnet.client(chain.chainId)
    const amount = raw(750, 18)
    const mint = await trader.writeContract({
      address: pool.token0,
      abi: [
        ...erc20Abi,
        {
          type: 'function',
          name: 'mint',
          stateMutability: 'nonpayable',
          inputs: [
            { name: 'a', type: 'address' },
            { name: 'v', type: 'uint256' },
          ],
          outputs: [{ type: 'bool' }],
        },
      ],
      functionName: 'mint',
      args: [trader.account.address, amount],
    })
    await trader.waitForTransactionReceipt({ hash: mint, pollingInterval: 20 })
    const approve = await trader.writeContract({
      address: pool.token0,
      abi: erc20Abi,
      functionName: 'approve',
      args: [router, amount],
    })
    await trader.waitForTransactionReceipt({ hash: approve, pollingInterval: 20 })
    const before = await client.getBlockNumber()
    const state = await readUniswapV3Pool({ client, blockNumber: before, pool: pool.address })
    const expected = swapUniswapV3({ pool: state, zeroForOne: true, amountSpecified: amount })
    const balance = () =>
      client.readContract({
        address: pool.token1,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [trader.account.address],
      })
    const held = await balance()
    const swap = await trader.writeContract({
      address: router,
      abi: uniswapV3Abi,
      functionName: 'exactInputSingle',
      args: [
        {
          tokenIn: pool.token0,
          tokenOut: pool.token1,
          fee: pool.fee,
          recipient: trader.account.address,
          deadline: maxUint256,
          amountIn: amount,
          amountOutMinimum: 0n,
          sqrtPriceLimitX96: 0n,
        },
      ],
    })
    await trader.waitForTransactionReceipt({ hash: swap, pollingInterval: 20 })
    expect((await balance()) - held).toBe(expected.amountOut)
    const after = await readUniswapV3Pool({
      client,
      blockNumber: await client.getBlockNumber(),
      pool: pool.address,
    })
    expect({ sqrtPriceX96: after.sqrtPriceX96, tick: after.tick, liquidity: after.liquidity }).toEqual({
      sqrtPriceX96: expected.pool.sqrtPriceX96,
      tick: expected.pool.tick,
      liquidity: expected.pool.liquidity,
    })
  })

  test('a state read for fewer words refuses a sale that walks past them', async () => {
    const chain = aaveChains[0]
    if (!chain) throw new Error('no Aave chain')
    const client = devnet.client(chain.chainId)
    const pool = poolsOf(chain.chainId)[0] as ManifestUniswapV3Pool
    const state = await readUniswapV3Pool({
      client,
      blockNumber: await client.getBlockNumber(),
      pool: pool.address,
      words: { below: 0, above: 0 },
    })
    expect(() => swapUniswapV3({ pool: state, zeroForOne: true, amountSpecified: raw(9000, 18) })).toThrow(
      TickRangeNotCoveredError,
    )
  })

  test('a state read for a price range covers every sale that stays inside it, and the range maps to words', async () => {
    expect(wordsForPriceRange({ tick: 0, tickSpacing: 10, down: 0, up: 0 })).toEqual({ below: 1, above: 0 })
    // a halving is 6,932 ticks: three words of 2,560 below tick 0's word
    expect(wordsForPriceRange({ tick: 0, tickSpacing: 10, down: 0.5, up: 0 }).below).toBe(3)
    expect(() => wordsForPriceRange({ tick: 0, tickSpacing: 10, down: 1, up: 0 })).toThrow(RangeError)
    const chain = aaveChains[0]
    if (!chain) throw new Error('no Aave chain')
    const client = devnet.client(chain.chainId)
    const pool = poolsOf(chain.chainId)[0] as ManifestUniswapV3Pool
    const state = await readUniswapV3Pool({
      client,
      blockNumber: await client.getBlockNumber(),
      pool: pool.address,
      priceRange: { down: 0.4, up: 0 },
    })
    // 3,000 WETH takes the price from 3,000 to well above 1,800 (−40%): covered
    const sale = swapUniswapV3({ pool: state, zeroForOne: true, amountSpecified: raw(3000, 18) })
    expect(sale.amountOut).toBeGreaterThan(0n)
    expect(state.coveredTicks.lower).toBeLessThanOrEqual(state.tick + Math.log(0.6) / Math.log1p(0.0001))
  })
})
