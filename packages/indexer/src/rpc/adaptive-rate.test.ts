import { manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { createPublicClient, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest'
import { type FaultProxy, startFaultProxy } from '../../test/support/fault-proxy.js'
import { adaptiveRate, createAdaptiveRateLimiter } from './adaptive-rate.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
let proxy: FaultProxy
beforeAll(async () => {
  proxy = await startFaultProxy({ upstream: manifestChain(manifest, 1).rpcUrl, seed: 3 })
})
afterAll(async () => {
  await proxy.close()
})

describe('adaptiveRate()', () => {
  test('429s halve the request rate and successes raise it again; answers pass through unchanged', async () => {
    const limiter = createAdaptiveRateLimiter({ initialRps: 200, minRps: 1, maxRps: 400 })
    const client = createPublicClient({
      transport: adaptiveRate(http(proxy.url), limiter, { retryCount: 0 }),
    })
    const direct = createPublicClient({ transport: http(manifestChain(manifest, 1).rpcUrl) })

    proxy.setFaults({ rateLimit: 0.5 })
    let throttled = 0
    for (let i = 0; i < 20; i++) await client.getBlockNumber({ cacheTime: 0 }).catch(() => throttled++)
    expect(throttled).toBeGreaterThan(3)
    const afterThrottling = limiter.rps()
    expect(afterThrottling).toBeLessThan(200 / 2 ** 3 + 1)

    proxy.setFaults({})
    for (let i = 0; i < 30; i++) {
      expect(await client.getBlockNumber({ cacheTime: 0 })).toBe(
        await direct.getBlockNumber({ cacheTime: 0 }),
      )
    }
    expect(limiter.rps()).toBeGreaterThan(afterThrottling)
  })

  test('paces requests: 10 requests at 10 per second take at least 0.85 s', async () => {
    const limiter = createAdaptiveRateLimiter({ initialRps: 10, maxRps: 10 })
    const client = createPublicClient({ transport: adaptiveRate(http(proxy.url), limiter) })
    const started = Date.now()
    for (let i = 0; i < 10; i++) await client.getBlockNumber({ cacheTime: 0 })
    expect(Date.now() - started).toBeGreaterThanOrEqual(850)
  })
})
