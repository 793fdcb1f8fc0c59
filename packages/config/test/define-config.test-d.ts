import { describe, expectTypeOf, test } from 'vitest'
import { defineConfig, type XmarginConfig } from '../src/index.js'

describe('defineConfig() types', () => {
  test('a chain needs at least one RPC URL', () => {
    defineConfig({ chains: { ethereum: { chainId: 1, rpcUrls: ['https://a', 'https://b'], tokens: [] } } })
    // @ts-expect-error a chain without rpcUrls does not type-check
    defineConfig({ chains: { ethereum: { chainId: 1, tokens: [] } } })
    // @ts-expect-error an empty RPC URL list does not type-check
    defineConfig({ chains: { ethereum: { chainId: 1, rpcUrls: [], tokens: [] } } })
  })

  test('a WebSocket URL for new heads is optional and must be ws:// or wss://', () => {
    defineConfig({
      chains: {
        ethereum: { chainId: 1, rpcUrls: ['https://a'], webSocketUrl: 'wss://a', tokens: [] },
        base: { chainId: 8453, rpcUrls: ['https://b'], webSocketUrl: 'ws://127.0.0.1:8545', tokens: [] },
        arbitrum: { chainId: 42161, rpcUrls: ['https://c'], tokens: [] },
      },
    })
    defineConfig({
      chains: {
        // @ts-expect-error an http(s) URL is not a WebSocket URL
        ethereum: { chainId: 1, rpcUrls: ['https://a'], webSocketUrl: 'https://a', tokens: [] },
      },
    })
  })

  test('addresses are hex strings and the signer key has no place in the file', () => {
    defineConfig({
      chains: {
        base: {
          chainId: 8453,
          rpcUrls: ['https://mainnet.base.org'],
          // @ts-expect-error not a 0x address
          tokens: [{ symbol: 'WETH', address: 'weth', decimals: 18, feed: '0x00' }],
        },
      },
    })
    defineConfig({
      chains: { base: { chainId: 8453, rpcUrls: ['https://mainnet.base.org'], tokens: [] } },
      // @ts-expect-error only the name of the environment variable
      attestation: { signerKey: '0x01' },
    })
  })

  test('chain names are kept', () => {
    const config = defineConfig({
      chains: {
        ethereum: { chainId: 1, rpcUrls: ['https://a'], tokens: [] },
        base: { chainId: 8453, rpcUrls: ['https://b'], tokens: [] },
      },
    })
    expectTypeOf(config).toEqualTypeOf<XmarginConfig<'ethereum' | 'base'>>()
  })
})

describe('defineConfig() venue types', () => {
  const perpV2 = {
    clearingHouse: '0x01',
    vault: '0x02',
    accountBalance: '0x03',
    exchange: '0x04',
    markets: { ETH: { baseToken: '0x05' } },
  } as const
  const chain = { chainId: 42161, rpcUrls: ['https://arb.example'], tokens: [] } as const

  test('Perp v2 and the options venue type-check with every address given', () => {
    defineConfig({
      chains: {
        arbitrum: {
          ...chain,
          venues: { perpV2, options: { venue: '0x06', underlyings: { ETH: { key: '0x07' } } } },
        },
      },
    })
  })

  test('a missing required address does not type-check', () => {
    const { exchange: _, ...withoutExchange } = perpV2
    // @ts-expect-error Perp v2 without its Exchange
    defineConfig({ chains: { arbitrum: { ...chain, venues: { perpV2: withoutExchange } } } })
    defineConfig({
      // @ts-expect-error a market without its base token
      chains: { arbitrum: { ...chain, venues: { perpV2: { ...perpV2, markets: { ETH: {} } } } } },
    })
    defineConfig({
      // @ts-expect-error the options venue without its address
      chains: { arbitrum: { ...chain, venues: { options: { underlyings: { ETH: { key: '0x07' } } } } } },
    })
    defineConfig({
      chains: {
        // @ts-expect-error an underlying key is hex
        arbitrum: { ...chain, venues: { options: { venue: '0x06', underlyings: { ETH: { key: 'ETH' } } } } },
      },
    })
  })
})
