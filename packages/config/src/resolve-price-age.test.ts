import { defaultRiskParameters, feedSourceId, priceAgeLimit } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { ConfigError } from './errors.js'
import { validateConfig } from './validate-config.js'

const a = (digit: string) => `0x${digit.repeat(40)}`
const usdc = { symbol: 'USDC', address: a('1'), decimals: 6, feed: a('2'), heartbeatSeconds: 86_400 }
const weth = { symbol: 'WETH', address: a('3'), decimals: 18, feed: a('4'), heartbeatSeconds: 3_600 }
const config = (risk?: unknown, tokens: unknown[] = [usdc, weth]) => ({
  chains: { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens } },
  ...(risk === undefined ? {} : { risk }),
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

describe('risk.maxPriceAge and token heartbeats in a config', () => {
  it('keeps each token heartbeat on its chain spec token: a 24 h feed is fresh at 2 h, a 1 h feed stale', () => {
    const resolved = validate(config())
    const [chain] = resolved.chains
    const limit = (symbol: string) => {
      const token = chain?.tokens.find((t) => t.symbol === symbol)
      return priceAgeLimit({
        maxPriceAge: resolved.riskParameters.maxPriceAge,
        kind: symbol === 'USDC' ? 'stablecoin' : 'crypto',
        source: feedSourceId(token?.feed ?? ''),
        heartbeatSeconds: token?.heartbeatSeconds,
      })
    }
    expect(limit('USDC')).toBe(86_700)
    expect(limit('WETH')).toBe(3_900)
    expect(7_200 > limit('USDC')).toBe(false)
    expect(7_200 > limit('WETH')).toBe(true)
  })

  it('byToken sets the limit of that token feed over its heartbeat; byKind merges over the defaults', () => {
    const { maxPriceAge } = validate(
      config({ maxPriceAge: { byToken: { USDC: 3_000 }, byKind: { volatility: 1_800 } } }),
    ).riskParameters
    expect(maxPriceAge.bySource).toEqual({ [feedSourceId(usdc.feed)]: 3_000 })
    expect(maxPriceAge.byKind).toEqual({ ...defaultRiskParameters.maxPriceAge.byKind, volatility: 1_800 })
  })

  it('an unknown token in byToken is an error naming the known ones', () => {
    expect(issuesOf(config({ maxPriceAge: { byToken: { USDT: 90_000 } } }))).toEqual([
      { path: 'risk.maxPriceAge.byToken.USDT', message: 'unknown token (the chains list USDC, WETH)' },
    ])
  })

  it('refuses the dev-only `all`, names the replacement of `default`, and checks heartbeats', () => {
    expect(issuesOf(config({ maxPriceAge: { all: 30, default: 3_900 } })).map((i) => i.path)).toEqual([
      'risk.maxPriceAge.all',
      'risk.maxPriceAge.default',
    ])
    expect(issuesOf(config(undefined, [{ ...usdc, heartbeatSeconds: -1 }]))).toEqual([
      {
        path: 'chains.ethereum.tokens[0].heartbeatSeconds',
        message: "must be a positive whole number of seconds (the feed's heartbeat)",
      },
    ])
  })
})
