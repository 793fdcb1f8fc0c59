import { defaultRiskParameters } from '@xmargin/core'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { readSse, type SseStream } from './support/sse-client.js'
import {
  type ApiFixture,
  commitFixtureBlock,
  startApiFixture,
  tokens,
  wallets,
} from './support/store-fixture.js'

// The risky wallet (long 10 ETH perp from 3,000 on 5,000 USDC, chain 42161): equity 5,000 + 10 × (price − 3,000).

const fixtures: ApiFixture[] = []
const streams: SseStream<unknown>[] = []
afterEach(async () => {
  for (const stream of streams.splice(0)) stream.close()
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})
const start = async (overrides: Parameters<typeof startApiFixture>[0] = {}) => {
  const fixture = await startApiFixture(overrides)
  fixtures.push(fixture)
  return fixture
}
const open = async <T>(f: ApiFixture, query: string) => {
  const stream = await readSse<T>(f.url, query, 60_000)
  streams.push(stream as SseStream<unknown>)
  return stream
}

describe('subscription recomputation is charged and bounded', () => {
  it("charges each recomputation to the client's bucket; over it, one RATE_LIMITED event, then paused until the bucket refills", async () => {
    // Bucket of 3 units, 1 a second; marginUpdated over one wallet (portfolio) costs 1.
    const f = await start({ limits: { rateLimitWorkPerSecond: 1, rateLimitBurst: 3 } })
    let block = 1
    /**
     * One new block on chain 42161 at `price`, one block event (one recomputation, or one skip). The
     * API reads the heads on the event before it charges; a heads read queued after that one returns
     * after it, so the event has been charged (or skipped) when `step` returns, before the test moves
     * the clock: otherwise a skipped block's event could be charged after the refill below.
     */
    const step = async (price: bigint) => {
      block += 1
      await commitFixtureBlock(f.store, 42161, block, price)
      f.blockEvents.emit({ chainId: 42161, blockNumber: BigInt(block) })
      await f.store.getChainHeads()
    }
    type Event = { marginUpdated: { equity: string } }
    const stream = await open<Event>(
      f,
      `subscription { marginUpdated(addresses: ["${wallets.risky}"]) { equity } }`,
    )
    const equity = async () => {
      const event = await stream.next()
      expect(event.errors).toBeUndefined()
      return event.data!.marginUpdated.equity
    }
    expect(await equity()).toBe('5000.00') // paid at subscribe: 2 units left
    await step(2950n)
    expect(await equity()).toBe('4500.00') // 1 left
    await step(2900n)
    expect(await equity()).toBe('4000.00') // 0 left
    await step(2800n)
    const paused = await stream.next()
    expect(paused.errors?.map((e) => e.extensions)).toEqual([{ code: 'RATE_LIMITED', retryAfterSeconds: 1 }])
    expect(paused.errors?.[0]?.message).toMatch(/^Subscription paused/)
    // Still paused: this block is skipped, and no second RATE_LIMITED is sent for it.
    await step(2700n)
    f.clock.now += 1 // one unit back
    await step(2600n)
    expect(await equity()).toBe('1000.00')
  })

  it('charges a recomputation by the positions of its wallets: 2 units for a 5-position wallet', async () => {
    const f = await start({ limits: { rateLimitWorkPerSecond: 1, rateLimitBurst: 6 } })
    const whale = '0x00000000000000000000000000000000000000a5' as const
    const spot = (key: string) => ({
      venue: 'wallet',
      wallet: whale,
      kind: 'spot' as const,
      key,
      amount: 10n ** 6n,
    })
    await commitFixtureBlock(f.store, 1, 2, 3000n, { upserts: [spot(tokens.weth1), spot(tokens.usdc1)] })
    await commitFixtureBlock(f.store, 42161, 2, 3000n, {
      upserts: [
        spot(tokens.weth42161),
        spot(tokens.usdc42161),
        {
          venue: 'perp',
          wallet: whale,
          kind: 'perp',
          key: 'ETH',
          amount: 10n ** 18n,
          extra: { entryPrice: '300000000000' },
        },
      ],
    })
    let block = 2
    const step = async (price: bigint) => {
      block += 1
      await commitFixtureBlock(f.store, 42161, block, price)
      f.blockEvents.emit({ chainId: 42161, blockNumber: BigInt(block) })
    }
    const stream = await open<{ marginUpdated: { equity: string } }>(
      f,
      `subscription { marginUpdated(addresses: ["${whale}"]) { equity } }`,
    )
    expect((await stream.next()).errors).toBeUndefined() // 2 paid at subscribe: 4 left
    await step(2950n)
    expect((await stream.next()).errors).toBeUndefined() // 2 left
    await step(2900n)
    expect((await stream.next()).errors).toBeUndefined() // 0 left (charged 1 by wallets, 3 would be left)
    await step(2800n)
    expect((await stream.next()).errors?.map((e) => e.extensions?.code)).toEqual(['RATE_LIMITED'])
  })

  it('abandons a recomputation past the execution timeout with a TIMEOUT event, and the subscription goes on', async () => {
    // ES with 500,000 paths: tens of seconds of engine work for one wallet, far past 2 s.
    const f = await start({
      engineThreads: 1,
      riskParameters: { ...defaultRiskParameters, es: { ...defaultRiskParameters.es, paths: 500_000 } },
      limits: { timeoutMs: 2_000 },
    })
    const stream = await open<unknown>(
      f,
      `subscription { marginUpdated(addresses: ["${wallets.risky}"], model: ES) { equity } }`,
    )
    const first = await stream.next()
    expect(first.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT'])
    // Its worker was terminated, not left computing.
    await vi.waitFor(() => expect(f.api.engine.active).toBe(0), { timeout: 10_000, interval: 10 })
    await commitFixtureBlock(f.store, 42161, 2, 2950n)
    f.blockEvents.emit({ chainId: 42161, blockNumber: 2n })
    const second = await stream.next()
    expect(second.errors?.map((e) => e.extensions?.code)).toEqual(['TIMEOUT'])
  })
})
