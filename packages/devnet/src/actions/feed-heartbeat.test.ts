import { describe, expect, it } from 'vitest'
import type { DevnetManifest } from '../manifest.js'
import { startFeedHeartbeat } from './feed-heartbeat.js'

const chains = [{ chainId: 1 }, { chainId: 8453 }] as DevnetManifest['chains']

describe('startFeedHeartbeat', () => {
  it('starts a chain’s next refresh only when its last one ended, and reports one slower than the period', async () => {
    const running = new Map<number, number>()
    let most = 0
    const calls: number[] = []
    const slow: number[] = []
    const heartbeat = startFeedHeartbeat(
      { chains },
      {
        periodSeconds: 0.02,
        onSlow: (chainId) => slow.push(chainId),
        // Each refresh takes 100 ms, five periods: a timer would have started four more meanwhile.
        refresh: async ({ chainId }) => {
          calls.push(chainId)
          running.set(chainId, (running.get(chainId) ?? 0) + 1)
          most = Math.max(most, running.get(chainId)!)
          await new Promise((resolve) => setTimeout(resolve, 100))
          running.set(chainId, running.get(chainId)! - 1)
        },
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 450))
    await heartbeat.stop()
    expect(most).toBe(1)
    // Both chains beat again and again, never two refreshes of one chain at a time (above).
    for (const chainId of [1, 8453])
      expect(calls.filter((c) => c === chainId).length).toBeGreaterThanOrEqual(2)
    expect(slow).toContain(1)
    expect(slow).toContain(8453)
    // stop() waited for the refreshes in flight, and none starts after it.
    expect([...running.values()]).toEqual([0, 0])
    const after = calls.length
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(calls.length).toBe(after)
  })

  it('keeps beating after a failed refresh, reporting the error with its chain', async () => {
    const errors: [number, string][] = []
    let calls = 0
    const heartbeat = startFeedHeartbeat(
      { chains: chains.slice(0, 1) },
      {
        periodSeconds: 0.02,
        onError: (chainId, error) => errors.push([chainId, (error as Error).message]),
        refresh: async () => {
          calls++
          if (calls === 1) throw new Error('nonce too low')
        },
      },
    )
    await new Promise((resolve) => setTimeout(resolve, 200))
    await heartbeat.stop()
    expect(errors).toEqual([[1, 'nonce too low']])
    expect(calls).toBeGreaterThan(1)
  })

  it('refuses a period that is not positive', () => {
    expect(() => startFeedHeartbeat({ chains }, { periodSeconds: 0 })).toThrow(RangeError)
  })
})
