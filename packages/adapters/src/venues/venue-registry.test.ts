import type { ChainSpec } from '@xmargin/core'
import type { Client } from 'viem'
import { describe, expect, test } from 'vitest'
import { adaptersFromChainSpecs } from '../config/adapters-from-chain-specs.js'
import { viemChainsOf } from '../config/viem-chains-of.js'
import { morphoBlueDefinition } from './morpho-blue/morpho-blue-definition.js'
import { venueContractKeys, venueRegistry } from './venue-registry.js'

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
    const [chain] = await adaptersFromChainSpecs({ chains: [spec], clientOf: noClient })
    expect(chain?.adapters.map((a) => a.venue)).toEqual(['wallet'])
    expect(chain?.contexts.wallet.venue.native).toEqual({ symbol: 'POL', decimals: 18 })
    expect(chain?.contexts.wallet.venue.tokens).toEqual([spec.tokens[0]?.address])
    expect(viemChainsOf([spec])[0].nativeCurrency.symbol).toBe('POL')
  })

  test('a chain spec without a native coin holds ETH (the default of core)', async () => {
    const { nativeCurrency: _, ...ethereum } = spec
    const [chain] = await adaptersFromChainSpecs({ chains: [ethereum], clientOf: noClient })
    expect(chain?.contexts.wallet.venue.native).toEqual({ symbol: 'ETH', decimals: 18 })
  })

  test("the configurable venues and where their addresses go in a spec come from the definitions' config bindings", () => {
    expect(venueRegistry.flatMap((d) => (d.config ? [d.config.key] : []))).toEqual([
      'aaveV3',
      'morphoBlue',
      'options',
      'perpV2',
    ])
    expect(venueContractKeys).toEqual({
      aaveV3: { pool: 'aavePool', oracle: 'aaveOracle', dataProvider: 'aaveDataProvider' },
      morphoBlue: { morpho: 'morpho' },
      options: { venue: 'optionsVenue' },
      perpV2: {
        clearingHouse: 'perpClearingHouse',
        vault: 'perpVault',
        accountBalance: 'perpAccountBalance',
        exchange: 'perpExchange',
      },
    })
  })

  test("a venue's config, through its binding, is the spec its definition builds the venue from (Morpho Blue)", async () => {
    const address = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as const
    const config = {
      morpho: address(1),
      markets: [
        {
          loanToken: address(2),
          collateralToken: address(3),
          oracle: address(4),
          irm: address(5),
          lltv: 860000000000000000n,
        },
      ],
    }
    const binding = morphoBlueDefinition.config
    const contracts = Object.fromEntries(
      Object.entries(binding.contracts).map(([field, key]) => [key, config[field as 'morpho']]),
    )
    const venue = await morphoBlueDefinition.fromSpec({
      spec: { ...spec, contracts: { ...spec.contracts, ...contracts }, ...binding.specData?.(config) },
      assets: new Map(),
      client: noClient,
    })
    expect(venue?.morpho).toBe(address(1))
    // Morpho Blue's id of these parameters, keccak256(abi.encode(loan, collateral, oracle, irm, lltv)),
    // computed independently with js-sha3 over the five 32-byte words.
    expect(venue?.markets).toEqual([
      {
        id: '0x05142aadd67c242bbd88bbe1c3b025deb227cc6595773bfd9aafc1d750d17503',
        loanToken: address(2),
        collateralToken: address(3),
        oracle: address(4),
        irm: address(5),
        lltv: 860000000000000000n,
      },
    ])
  })
})
