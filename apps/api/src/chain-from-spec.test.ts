import type { ChainSpec } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { apiChainFromSpec, priceAliasesOf } from './chain-from-spec.js'

const token = (symbol: string, n: number, wraps?: string): ChainSpec['tokens'][number] => ({
  symbol,
  address: `0x${n.toString(16).padStart(40, '0')}`,
  decimals: 18,
  feed: `0x${(n + 100).toString(16).padStart(40, '0')}`,
  ...(wraps ? { wraps } : {}),
})

describe('priceAliasesOf()', () => {
  it("prices the native coin by its wrapped token (ETH by WETH, core's default) and what a token wraps by that token", () => {
    expect(priceAliasesOf({ tokens: [token('WETH', 1), token('WBTC', 2, 'BTC')] })).toEqual({
      ETH: 'WETH',
      BTC: 'WBTC',
    })
  })

  it("follows the spec's native coin, and aliases nothing the spec does not say", () => {
    expect(
      priceAliasesOf({
        nativeCurrency: { symbol: 'POL', decimals: 18, wrapped: 'WPOL' },
        tokens: [token('WPOL', 1), token('WBTC', 2)],
      }),
    ).toEqual({ POL: 'WPOL' })
    expect(priceAliasesOf({ nativeCurrency: { symbol: 'XDAI', decimals: 18 }, tokens: [] })).toEqual({})
  })

  it('is the API chain’s price aliases', () => {
    const chain = apiChainFromSpec({
      spec: { chainId: 1, name: 'ethereum', tokens: [token('WETH', 1), token('WBTC', 2, 'BTC')] },
    })
    expect(chain.priceAliases).toEqual({ ETH: 'WETH', BTC: 'WBTC' })
  })
})
