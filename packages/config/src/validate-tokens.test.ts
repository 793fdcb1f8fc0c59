import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors.js'
import { validateConfig } from './validate-config.js'

const a = (digit: string) => `0x${digit.repeat(40)}`
const usdc = { symbol: 'USDC', address: a('1'), decimals: 6, feed: a('2') }
const config = (tokens: unknown[]) => ({
  chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens } },
})
const validate = (value: unknown) => validateConfig({ config: value, file: 'xmargin.config.ts', env: {} })
const issuesOf = (value: unknown) => {
  try {
    validate(value)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues
    throw error
  }
  return []
}

describe('tokens by (chain, address) in a config', () => {
  it('refuses two tokens with one symbol on one chain (USDC and a bridged USDC also named USDC), allows it across chains', () => {
    const bridged = { ...usdc, address: a('5'), feed: a('6') }
    expect(issuesOf(config([usdc, bridged]))).toEqual([
      {
        path: 'chains.ethereum.tokens[1].symbol',
        message: `USDC is also tokens[0] (${usdc.address}): one symbol per token on a chain (its prices are keyed by it)`,
      },
    ])
    const twoChains = {
      chains: {
        ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [usdc] },
        arbitrum: { chainId: 42161, rpcUrls: ['https://arb.example'], tokens: [bridged] },
      },
    }
    expect(validate(twoChains).chains.map((c) => [c.chainId, c.tokens[0]?.address])).toEqual([
      [1, usdc.address],
      [42161, bridged.address],
    ])
  })
})
