import { defaultChainFinality, finalityOf } from '@xmargin/core'
import { describe, expect, test } from 'vitest'
import { configManifest } from './config-manifest.js'
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
  venues: {},
}

describe('configManifest()', () => {
  test('writes each chain’s finality into its chain spec, so the spec is the one description of the chain', () => {
    const [spec] = configManifest({ chains: [chain] }).chains
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
    expect(configManifest(config).chains[0]?.finality).toEqual(defaultChainFinality)
  })
})
