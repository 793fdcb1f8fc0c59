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
