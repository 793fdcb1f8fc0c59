import { createConfig } from '@wagmi/core'
import { http } from 'viem'
import { arbitrum, base, mainnet } from 'viem/chains'
import { describe, expectTypeOf, test } from 'vitest'
import { chainClient, createChainsConfig } from './create-chains-config.js'

describe('createChainsConfig() types', () => {
  test('every chain needs RPC URLs', () => {
    createChainsConfig({
      chains: [mainnet, arbitrum],
      rpcUrls: { [mainnet.id]: ['https://a', 'https://b'], [arbitrum.id]: ['https://c'] },
    })
    createChainsConfig({
      chains: [mainnet, arbitrum],
      // @ts-expect-error arbitrum has no RPC URL
      rpcUrls: { [mainnet.id]: ['https://a'] },
    })
    createChainsConfig({
      chains: [mainnet],
      // @ts-expect-error an empty URL list is not a transport
      rpcUrls: { [mainnet.id]: [] },
    })
  })

  test("wagmi's createConfig itself rejects a chain without a transport", () => {
    createConfig({
      chains: [mainnet, base],
      // @ts-expect-error base has no transport
      transports: { [mainnet.id]: http() },
    })
  })

  test('chainClient() accepts only configured chain ids', () => {
    const config = createChainsConfig({
      chains: [mainnet, base],
      rpcUrls: { 1: ['https://a'], 8453: ['https://b'] },
    })
    expectTypeOf(config.chains).toEqualTypeOf<readonly [typeof mainnet, typeof base]>()
    chainClient(config, 8453)
    // @ts-expect-error arbitrum is not configured
    chainClient(config, 42161)
  })
})
