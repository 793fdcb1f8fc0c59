import type { ChainSpec } from '@xmargin/core'
import type { Client } from 'viem'
import { describe, expect, test } from 'vitest'
import { adaptersFromManifest, manifestChains } from '../config/adapters-from-manifest.js'
import { venueRegistry } from './venue-registry.js'

const spec: ChainSpec = {
  chainId: 137,
  name: 'polygon',
  rpcUrl: 'http://127.0.0.1:1',
  nativeCurrency: { symbol: 'POL', decimals: 18 },
  contracts: { multicall3: '0xca11bde05977b3631167028862be2a173976ca11' },
  tokens: [
    {
      symbol: 'USDC',
      address: '0x3c499c542cef5e3811e1192ce70d8cc03d5c3359',
      decimals: 6,
      feed: '0xfe4a8cc5b5b2366c1b58bea3858e81843581b2f7',
    },
  ],
}
const noClient = (): Client => {
  throw new Error('a spec with wallet balances only needs no client')
}

describe('venueRegistry', () => {
  test('names each venue once, by context key and by adapter venue id, wallet first', () => {
    const keys = venueRegistry.map((d) => d.key)
    const venues = venueRegistry.map((d) => d.adapter.venue)
    expect(new Set(keys).size).toBe(keys.length)
    expect(new Set(venues).size).toBe(venues.length)
    expect(venues).toEqual(['wallet', 'aave-v3', 'morpho-blue', 'options', 'perp'])
  })

  test('a chain spec binds the venues it lists: wallet balances of its own native coin, none of the others', async () => {
    const [chain] = await adaptersFromManifest({ manifest: { chains: [spec] }, clientOf: noClient })
    expect(chain?.adapters.map((a) => a.venue)).toEqual(['wallet'])
    expect(chain?.contexts.wallet.venue.native).toEqual({ symbol: 'POL', decimals: 18 })
    expect(chain?.contexts.wallet.venue.tokens).toEqual([spec.tokens[0]?.address])
    expect(manifestChains({ chains: [spec] })[0].nativeCurrency.symbol).toBe('POL')
  })

  test('a chain spec without a native coin holds ETH (the default of core)', async () => {
    const { nativeCurrency: _, ...ethereum } = spec
    const [chain] = await adaptersFromManifest({ manifest: { chains: [ethereum] }, clientOf: noClient })
    expect(chain?.contexts.wallet.venue.native).toEqual({ symbol: 'ETH', decimals: 18 })
  })
})
