import type { UniswapV3PoolState } from '@xmargin/core'
import type { StoredPoolState } from '@xmargin/store'
import { describe, expect, test } from 'vitest'
import type { ApiChain } from '../chain.js'
import { apiChainFromSpec } from '../chain-from-spec.js'
import { cascadePerpPoolsOf, cascadePoolsOf } from './cascade-pools.js'

const a = (digit: string) => `0x${digit.repeat(40)}` as const
const state: UniswapV3PoolState = {
  sqrtPriceX96: 2n ** 96n,
  tick: 0,
  liquidity: 10n ** 18n,
  fee: 500,
  tickSpacing: 10,
  ticks: [],
  coveredTicks: { lower: -2560, upper: 2559 },
}
const spec = (weth: `0x${string}`, usdc: `0x${string}`) => ({
  chainId: 1,
  name: 'ethereum',
  tokens: [
    { symbol: 'WETH', address: weth, decimals: 18, feed: a('f') },
    { symbol: 'USDC', address: usdc, decimals: 6, feed: a('e') },
  ],
  uniswapV3Pools: [{ address: `0x${'A'.repeat(40)}` as const, baseSymbol: 'WETH', quoteSymbol: 'USDC' }],
})
const stored = (pool: `0x${string}`): StoredPoolState => ({ chainId: 1, pool, state, blockNumber: 7 })

describe('cascadePoolsOf()', () => {
  test('gives each stored pool its spec tokens; the base is token0 exactly when its address is the lower', () => {
    for (const [weth, usdc, baseIsToken0] of [
      [a('1'), a('2'), true],
      [a('3'), a('2'), false],
    ] as const) {
      const chains = new Map<number, ApiChain>([[1, apiChainFromSpec({ spec: spec(weth, usdc) })]])
      expect(cascadePoolsOf({ chains, stored: [stored(a('a'))] })).toEqual([
        {
          chainId: 1,
          pool: a('a'),
          blockNumber: 7,
          base: { symbol: 'WETH', decimals: 18 },
          quote: { symbol: 'USDC', decimals: 6 },
          baseIsToken0,
          state,
        },
      ])
    }
  })

  test('leaves out a stored pool its chain spec no longer lists, and pools of chains the API does not serve', () => {
    const chains = new Map<number, ApiChain>([[1, apiChainFromSpec({ spec: spec(a('1'), a('2')) })]])
    expect(cascadePoolsOf({ chains, stored: [stored(a('b')), { ...stored(a('a')), chainId: 10 }] })).toEqual(
      [],
    )
  })
})

describe('cascadePerpPoolsOf()', () => {
  test("gives each stored state of a pool its chain's spec names for a Perp market that market's asset; no other pool", () => {
    const perpSpec = {
      ...spec(a('1'), a('2')),
      chainId: 42161,
      venues: {
        perp: {
          markets: {
            ETH: { baseToken: a('3'), pool: `0x${'B'.repeat(40)}` as const },
            BTC: { baseToken: a('4') },
          },
        },
      },
    }
    const chains = new Map<number, ApiChain>([[42161, apiChainFromSpec({ spec: perpSpec })]])
    const on42161 = (pool: `0x${string}`) => ({ ...stored(pool), chainId: 42161 })
    expect(
      cascadePerpPoolsOf({ chains, stored: [on42161(a('a')), on42161(a('b')), stored(a('b'))] }),
    ).toEqual([{ chainId: 42161, asset: 'ETH', pool: a('b'), blockNumber: 7, state }])
    // the Uniswap pool of the spec is a sale market, not a Perp one, and the reverse
    expect(cascadePoolsOf({ chains, stored: [on42161(a('b'))] })).toEqual([])
  })
})
