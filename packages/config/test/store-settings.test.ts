import { describe, expect, it } from 'vitest'
import { ConfigError, defaultStoreSettings, validateConfig } from '../src/index.js'

const chains = { ethereum: { chainId: 1, rpcUrls: ['https://eth.example'], tokens: [] } }
const load = (store: unknown) => validateConfig({ config: { chains, store }, file: 'x.config.ts', env: {} })
const issuesOf = (store: unknown) => {
  try {
    load(store)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`)
    throw error
  }
  return []
}

describe('config store', () => {
  it('keeps 7 days of history below the finalized blocks by default', () => {
    expect(defaultStoreSettings.retainHistoryDays).toBe(7)
    expect(validateConfig({ config: { chains }, file: 'x.config.ts', env: {} }).store).toEqual({
      retainHistorySeconds: 7 * 86_400,
    })
  })

  it('retainHistoryDays in days (fractions allowed), 0 keeps nothing below finality', () => {
    expect(load({ retainHistoryDays: 7 }).store).toEqual({ retainHistorySeconds: 604_800 })
    expect(load({ retainHistoryDays: 0.5 }).store).toEqual({ retainHistorySeconds: 43_200 })
    expect(load({ retainHistoryDays: 0 }).store).toEqual({ retainHistorySeconds: 0 })
  })

  it('a negative or non-numeric window, or an unknown key, is an issue naming it', () => {
    expect(issuesOf({ retainHistoryDays: -1 })).toEqual([
      'store.retainHistoryDays: must be a number of days ≥ 0',
    ])
    expect(issuesOf({ retainHistoryDays: '30' })).toEqual([
      'store.retainHistoryDays: must be a number of days ≥ 0',
    ])
    expect(issuesOf({ retainDays: 30 })).toEqual([
      'store.retainDays: unknown key (expected one of retainHistoryDays, writerLockTimeoutSeconds)',
    ])
    expect(issuesOf(30)).toEqual([
      'store: must be an object ({ retainHistoryDays, writerLockTimeoutSeconds })',
    ])
  })

  it('writerLockTimeoutSeconds in seconds (fractions allowed); unset leaves the indexer its default', () => {
    expect(load({ writerLockTimeoutSeconds: 2.5 }).store.writerLockTimeoutMs).toBe(2_500)
    expect(load({ retainHistoryDays: 1 }).store.writerLockTimeoutMs).toBeUndefined()
    for (const bad of [0, -1, '30', Number.POSITIVE_INFINITY])
      expect(issuesOf({ writerLockTimeoutSeconds: bad }), String(bad)).toEqual([
        'store.writerLockTimeoutSeconds: must be a number of seconds > 0',
      ])
  })
})
