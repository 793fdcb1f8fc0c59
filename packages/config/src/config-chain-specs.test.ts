import { defaultChainFinality, finalityOf } from '@xmargin/core'
import { describe, expect, test } from 'vitest'
import { configChainSpecs } from './config-chain-specs.js'
import type { ResolvedChain } from './resolved-config.js'
import { validateConfig } from './validate-config.js'

const chain: ResolvedChain = {
  chainId: 42161,
  name: 'arbitrum',
  rpcUrls: ['https://arb.example'],
  finalityDepth: 240,
  useFinalizedTag: false,
  startBlock: undefined,
  multicall3: '0xcA11bde05977b3631167028862bE2a173976CA11',
  tokens: [],
  uniswapV3Pools: [],
  venues: {},
}

describe('configChainSpecs()', () => {
  test('writes each chain’s finality into its chain spec, so the spec is the one description of the chain', () => {
    const [spec] = configChainSpecs({ chains: [chain] })
    expect(spec?.finality).toEqual({ finalityDepth: 240, useFinalizedTag: false })
    expect(finalityOf(spec!)).toEqual({ finalityDepth: 240, useFinalizedTag: false })
  })

  test('a config chain without finality gets the core default, in its settings and its spec alike', () => {
    const config = validateConfig({
      config: { chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [] } } },
      file: 'x.config.ts',
      env: {},
    })
    const [resolved] = config.chains
    expect([resolved?.finalityDepth, resolved?.useFinalizedTag]).toEqual([
      defaultChainFinality.finalityDepth,
      defaultChainFinality.useFinalizedTag,
    ])
    expect(configChainSpecs(config)[0]?.finality).toEqual(defaultChainFinality)
  })

  test('a config chain’s Uniswap v3 pools reach its chain spec; a pool naming a token the chain lacks is refused', () => {
    const weth = { symbol: 'WETH', address: `0x${'1'.repeat(40)}`, decimals: 18, feed: `0x${'2'.repeat(40)}` }
    const usdc = { symbol: 'USDC', address: `0x${'3'.repeat(40)}`, decimals: 6, feed: `0x${'4'.repeat(40)}` }
    const pool = { address: `0x${'5'.repeat(40)}`, baseSymbol: 'WETH', quoteSymbol: 'USDC' }
    const config = (uniswapV3Pools: unknown) => ({
      config: {
        chains: {
          ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [weth, usdc], uniswapV3Pools },
        },
      },
      file: 'x.config.ts',
      env: {},
    })
    expect(configChainSpecs(validateConfig(config([pool])))[0]?.uniswapV3Pools).toEqual([pool])
    expect(() => validateConfig(config([{ ...pool, baseSymbol: 'WBTC' }]))).toThrow(
      "chains.ethereum.uniswapV3Pools[0].baseSymbol: not one of the chain's tokens: WETH, USDC",
    )
  })
})
