import type { StoredPrice } from '@xmargin/store'
import { describe, expect, it } from 'vitest'
import type { ApiChain } from '../chain.js'
import { apiChainFromSpec } from '../chain-from-spec.js'
import { toCorePrices, toCoreVolatilities } from './load-book.js'

const weth = '0x00000000000000000000000000000000000000a1'
const wbtc = '0x00000000000000000000000000000000000000b1'
const ethFeed = '0x00000000000000000000000000000000000000f1'
const btcFeed = '0x00000000000000000000000000000000000000f2'
const ethVolFeed = '0x00000000000000000000000000000000000000e1'
const expiry = 1_799_049_600

const chain: ApiChain = {
  chainId: 8453,
  name: 'base',
  assets: new Map([
    [weth, { symbol: 'WETH' }],
    [wbtc, { symbol: 'WBTC' }],
  ]),
  priceAliases: { ETH: 'WETH', BTC: 'WBTC' },
  volatilityFeeds: [{ feed: ethVolFeed, asset: 'ETH', expiry }],
}
const chains = new Map([[chain.chainId, chain]])

const row = (feed: `0x${string}`, asset: `0x${string}` | null, value: bigint): StoredPrice => ({
  chainId: 8453,
  feed,
  asset,
  value,
  decimals: 8,
  updatedAt: 1_700_000_000,
  roundId: 1n,
  blockNumber: 10,
})

describe('toCorePrices() and toCoreVolatilities()', () => {
  const rows = [
    row(ethFeed, weth, 3000_00000000n),
    row(btcFeed, wbtc, 60_000_00000000n),
    row(ethVolFeed, null, 60_000_000n),
  ]

  it('prices the wrapped tokens and their aliases (BTC by the WBTC feed), never a vol feed', () => {
    const prices = toCorePrices(chains, rows)
    expect(prices.map((p) => `${p.asset}=${p.value}`).sort()).toEqual([
      'BTC=6000000000000',
      'ETH=300000000000',
      'WBTC=6000000000000',
      'WETH=300000000000',
    ])
  })

  it("maps a volatility feed's answer to the implied vol of its (underlying, expiry), with its time and source", () => {
    expect(toCoreVolatilities(chains, rows)).toEqual([
      { asset: 'ETH', expiry, value: 0.6, updatedAt: 1_700_000_000, source: `chainlink:${ethVolFeed}` },
    ])
  })

  it("carries each feed's heartbeat from the chain spec, for the engine's price-age rule", () => {
    const usdc = '0x00000000000000000000000000000000000000c1'
    const usdcFeed = '0x00000000000000000000000000000000000000f3'
    const fromSpec = apiChainFromSpec({
      spec: {
        chainId: 8453,
        name: 'base',
        tokens: [
          { symbol: 'WETH', address: weth, decimals: 18, feed: ethFeed, heartbeatSeconds: 3_600 },
          { symbol: 'USDC', address: usdc, decimals: 6, feed: usdcFeed, heartbeatSeconds: 86_400 },
        ],
        venues: {
          options: {
            underlyings: {},
            volatilityFeeds: [{ underlying: 'ETH', expiry, feed: ethVolFeed, heartbeatSeconds: 1_800 }],
          },
        },
      },
    })
    const specChains = new Map([[8453, fromSpec]])
    const heartbeats = toCorePrices(specChains, [row(ethFeed, weth, 1n), row(usdcFeed, usdc, 1n)]).map(
      (p) => [p.asset, p.heartbeatSeconds],
    )
    expect(heartbeats).toEqual([
      ['WETH', 3_600],
      ['ETH', 3_600],
      ['USDC', 86_400],
    ])
    expect(toCoreVolatilities(specChains, [row(ethVolFeed, null, 60_000_000n)])[0]?.heartbeatSeconds).toBe(
      1_800,
    )
  })

  it('leaves out a non-positive vol answer and feeds of chains without volatility feeds', () => {
    expect(toCoreVolatilities(chains, [row(ethVolFeed, null, 0n)])).toEqual([])
    expect(toCoreVolatilities(chains, [{ ...row(ethVolFeed, null, 60_000_000n), chainId: 1 }])).toEqual([])
  })
})
