import { manifestChain } from '@xmargin/devnet'
import { describe, expect, inject, test } from 'vitest'
import { ChainConfigError } from '../errors/adapter-errors.js'
import { adaptersFromChainSpecs } from './adapters-from-chain-specs.js'
import { chainClient, createChainsConfig } from './create-chains-config.js'
import { rpcUrlsOf, viemChainsOf } from './viem-chains-of.js'

const manifest = inject('devnetManifest')
const config = createChainsConfig({
  chains: viemChainsOf(manifest.chains),
  rpcUrls: rpcUrlsOf(manifest.chains),
  local: true,
})
const clientOf = (chainId: number) => chainClient(config, chainId)

describe('adaptersFromChainSpecs() derivatives venues', () => {
  test('binds Perp v2 on arbitrum and the options venue on base with their collateral among the assets', async () => {
    const [arbitrum, base] = await adaptersFromChainSpecs({
      chains: [manifestChain(manifest, 42161), manifestChain(manifest, 8453)],
      clientOf,
    })
    expect(arbitrum?.contexts.perp?.venue.markets.map((m) => m.symbol)).toEqual(['ETH', 'BTC'])
    expect(arbitrum?.adapters.map((a) => a.venue)).toContain('perp')
    expect(base?.contexts.options?.venue.underlyings.size).toBe(2)
    expect(base?.adapters.map((a) => a.venue)).toContain('options')
  })

  test('Perp v2 named only in part is an error naming what is missing, not a venue left out', async () => {
    const chain = manifestChain(manifest, 42161)
    const { perpExchange: _, ...contracts } = chain.contracts
    const error = await adaptersFromChainSpecs({
      chains: [{ ...chain, contracts }],
      clientOf,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainConfigError)
    expect((error as ChainConfigError).shortMessage).toBe('Chain 42161 has Perp v2 without perpExchange.')
  })

  test('an options venue without underlyings is an error', async () => {
    const chain = manifestChain(manifest, 8453)
    const error = await adaptersFromChainSpecs({
      chains: [{ ...chain, venues: {} }],
      clientOf,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainConfigError)
    expect((error as ChainConfigError).shortMessage).toBe(
      'Chain 8453 has an options venue but no underlyings.',
    )
  })

  test("a venue whose collateral token is not one of the chain's tokens is an error naming it", async () => {
    const chain = manifestChain(manifest, 8453)
    const usdc = chain.tokens.find((t) => t.symbol === 'USDC')!
    const error = await adaptersFromChainSpecs({
      chains: [{ ...chain, tokens: chain.tokens.filter((t) => t !== usdc) }],
      clientOf,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ChainConfigError)
    expect((error as ChainConfigError).shortMessage).toMatch(
      new RegExp(
        `^The options venue's collateral token ${usdc.address} on chain 8453 is not one of the chain's tokens`,
        'i',
      ),
    )
  })
})
