import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readSse, type SseStream } from './support/sse-client.js'
import { type ApiFixture, commitFixtureBlock, startApiFixture, wallets } from './support/store-fixture.js'

// The risky wallet (long 10 ETH perp from 3,000 on 5,000 USDC, chain 42161) at each ETH price:
//   3000 HEALTHY equity 5000 health 1.303781   2950 WARNING 4500 1.192843   2900 WARNING 4000 1.078167
//   2800 LIQUIDATABLE 3000 0.836820             2700 LIQUIDATABLE 2000 0.578035
// (MM = 5 + 0.8·(1.5·P + 100) + 0.05·P: the crash with a USDC depeg binds.)

describe('subscriptions over SSE', () => {
  let f: ApiFixture
  let block: number
  const streams: SseStream<unknown>[] = []
  beforeEach(async () => {
    f = await startApiFixture()
    block = 1
  })
  afterEach(async () => {
    for (const stream of streams.splice(0)) stream.close()
    await f.close()
  })
  const open = async <T>(query: string, variables?: Record<string, unknown>) => {
    const stream = await readSse<T>(f.url, query, 20_000, variables)
    streams.push(stream as SseStream<unknown>)
    return stream
  }
  /** Indexes the next block of 42161 at `ethPrice` (and of chain 1 at 3,000), a second later. */
  const mine = async (ethPrice: bigint) => {
    block += 1
    f.clock.now += 1
    await commitFixtureBlock(f.store, 42161, block, ethPrice)
    f.blockEvents.emit({ chainId: 42161, blockNumber: BigInt(block) })
    await commitFixtureBlock(f.store, 1, block, 3000n)
    f.blockEvents.emit({ chainId: 1, blockNumber: BigInt(block) })
  }
  /**
   * Blocks that change no selected field. The pause lets each block's recomputation finish before
   * the next step, so an event these blocks wrongly caused would arrive before the next expected one
   * (events are ordered); it is not needed for the assertions to hold.
   */
  const mineUnchanged = async (ethPrice: bigint, blocks: number) => {
    for (let i = 0; i < blocks; i++) {
      await mine(ethPrice)
      await sleep(30)
    }
  }

  it('marginUpdated sends nothing for N blocks that change no selected field, then exactly one event per change', async () => {
    type Report = {
      status: string
      equity: string
      freshness: { chainId: number; blockNumber: string; ageSeconds: number }[]
      prices: { asset: string; ageSeconds: number }[]
    }
    const stream = await open<{ marginUpdated: Report }>(
      `subscription { marginUpdated(addresses: ["${wallets.risky}"]) { status equity freshness { chainId blockNumber ageSeconds } prices { asset ageSeconds } } }`,
    )
    const first = (await stream.next()).data!.marginUpdated
    expect(first).toMatchObject({ status: 'HEALTHY', equity: '5000.00' })
    // Five blocks on both chains, the clock moving: block numbers and ages change, nothing else.
    await mineUnchanged(3000n, 5)
    await mine(2950n)
    const second = (await stream.next()).data!.marginUpdated
    expect(second).toMatchObject({ status: 'WARNING', equity: '4500.00' })
    // The event carries the provenance of its cut: the block that changed it, fresh ages.
    expect(second.freshness.find((c) => c.chainId === 42161)!.blockNumber).toBe(String(block))
    await mineUnchanged(2950n, 5)
    await mine(2900n)
    expect((await stream.next()).data!.marginUpdated).toMatchObject({ status: 'WARNING', equity: '4000.00' })
  })

  it('marginUpdated compares only the selected fields, through fragments, aliases and @include', async () => {
    const query = `subscription Watch($wallets: [Address!]!, $withEquity: Boolean!) {
      marginUpdated(addresses: $wallets) { ...Figures }
    }
    fragment Figures on MarginReport { s: status equity @include(if: $withEquity) }`
    const statusOnly = await open<{ marginUpdated: { s: string; equity?: string } }>(query, {
      wallets: [wallets.risky],
      withEquity: false,
    })
    const withEquity = await open<{ marginUpdated: { s: string; equity?: string } }>(query, {
      wallets: [wallets.risky],
      withEquity: true,
    })
    expect((await statusOnly.next()).data!.marginUpdated).toEqual({ s: 'HEALTHY' })
    expect((await withEquity.next()).data!.marginUpdated).toEqual({ s: 'HEALTHY', equity: '5000.00' })
    await mine(2950n)
    expect((await statusOnly.next()).data!.marginUpdated).toEqual({ s: 'WARNING' })
    expect((await withEquity.next()).data!.marginUpdated).toEqual({ s: 'WARNING', equity: '4500.00' })
    // Only equity moves: the stream that selected it gets an event, the other nothing.
    await mine(2900n)
    expect((await withEquity.next()).data!.marginUpdated).toEqual({ s: 'WARNING', equity: '4000.00' })
    await sleep(30)
    await mine(2800n)
    expect((await statusOnly.next()).data!.marginUpdated).toEqual({ s: 'LIQUIDATABLE' })
    expect((await withEquity.next()).data!.marginUpdated).toEqual({ s: 'LIQUIDATABLE', equity: '3000.00' })
  })

  it('healthBelow sends one event on crossing below and one on recovering, nothing while on one side', async () => {
    type Crossing = { below: boolean; threshold: string; report: { status: string; health: string } }
    const stream = await open<{ healthBelow: Crossing }>(
      `subscription { healthBelow(addresses: ["${wallets.risky}"], threshold: "1.1") { below threshold report { status health } } }`,
    )
    // Above from the start (1.304): nothing is sent; 2950 (1.193) stays above.
    await mineUnchanged(3000n, 3)
    await mineUnchanged(2950n, 1)
    await mine(2900n)
    expect((await stream.next()).data!.healthBelow).toEqual({
      below: true,
      threshold: '1.1',
      report: { status: 'WARNING', health: '1.078167' },
    })
    // Deeper below, the figures moving every block: still one side, nothing sent.
    await mineUnchanged(2800n, 2)
    await mineUnchanged(2700n, 2)
    await mine(2950n)
    expect((await stream.next()).data!.healthBelow).toEqual({
      below: false,
      threshold: '1.1',
      report: { status: 'WARNING', health: '1.192843' },
    })
    // Above again, moving: nothing; the next event is the next crossing.
    await mineUnchanged(3000n, 2)
    await mine(2800n)
    expect((await stream.next()).data!.healthBelow).toMatchObject({
      below: true,
      report: { status: 'LIQUIDATABLE', health: '0.836820' },
    })
  })

  it('healthBelow sends at once when the book is already below; LIQUIDATABLE is below whatever the threshold', async () => {
    const stream = await open<{ healthBelow: { below: boolean; report: { health: string } } }>(
      `subscription { healthBelow(addresses: ["${wallets.risky}"], threshold: "1.5") { below report { health } } }`,
    )
    expect((await stream.next()).data!.healthBelow).toEqual({ below: true, report: { health: '1.303781' } })
    // At 2,700 health is 0.58, above a 0.5 threshold, but the book is LIQUIDATABLE.
    const low = await open<{ healthBelow: { below: boolean; report: { status: string } } }>(
      `subscription { healthBelow(addresses: ["${wallets.risky}"], threshold: "0.5") { below report { status } } }`,
    )
    await mineUnchanged(2950n, 2)
    await mine(2700n)
    expect((await low.next()).data!.healthBelow).toEqual({ below: true, report: { status: 'LIQUIDATABLE' } })
    await mine(3000n)
    expect((await low.next()).data!.healthBelow).toEqual({ below: false, report: { status: 'HEALTHY' } })
  })
})
