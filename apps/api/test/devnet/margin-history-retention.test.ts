import '@xmargin/devnet/vitest/global-setup'
import { manifestFeeds, movePrices, refreshFeeds, revertSnapshot } from '@xmargin/devnet'
import { createTestClient, getAddress, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const manifest = inject('devnetManifest')
const DAY = 86_400
const DAYS = 6
/** Three and a half days of history kept below the finalized blocks. */
const RETAIN = 3.5 * DAY
/** Each day's step is read this long after the day's prices moved. */
const AFTER = 30
const wallet = getAddress(manifest.wallets.find((w) => w.name === 'near-liquidation')!.address)

const MARGIN = graphql(
  `query ($a: [Address!]!) { margin(addresses: $a) { status statusReasons equity maintenanceMargin } }`,
)
const HISTORY = graphql(`query ($a: [Address!]!, $from: Int!, $to: Int!) {
  marginHistory(addresses: $a, from: $from, to: $to, step: 1) {
    time blocks { chainId blockNumber } status statusReasons equity maintenanceMargin
  }
}`)

describe('marginHistory over days of devnet history, with store.retainHistoryDays', () => {
  let f: DevnetApiFixture
  const testClients = manifest.chains.map((c) => ({
    rpcUrl: c.rpcUrl,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))
  const snapshots = new Map<string, `0x${string}`>()
  /** Per day: when its prices moved, and the live report read then. */
  const days: { time: number; equity: string; maintenanceMargin: string }[] = []

  beforeAll(async () => {
    for (const { rpcUrl, client } of testClients) snapshots.set(rpcUrl, await client.snapshot())
    f = await startDevnetApi(manifest, { retainHistorySeconds: RETAIN })
    // Six days: each day ETH falls 1% (the Aave book's equity with it) and every feed is re-posted
    // (the devnet's heartbeat); the live report is read right after.
    for (let d = 0; d < DAYS; d++) {
      for (const { client } of testClients) await client.increaseTime({ seconds: DAY })
      const { timestamp } = await movePrices(manifest, {
        symbols: ['WETH'],
        next: ({ before }) => (before * 99n) / 100n,
      })
      for (const chain of manifest.chains)
        await refreshFeeds(chain.rpcUrl, chain.chainId, manifestFeeds(chain))
      const time = Number(timestamp)
      f.clock.offset = time + AFTER - Math.floor(Date.now() / 1000)
      await f.indexer.syncToHead()
      const live = await gql(f.url, MARGIN, { a: [wallet] })
      expect(live.errors).toBeUndefined()
      expect(live.data!.margin.statusReasons).toEqual([])
      days.push({
        time,
        equity: live.data!.margin.equity,
        maintenanceMargin: live.data!.margin.maintenanceMargin,
      })
    }
    // An hour later, blocks past the finality depth (10 on the devnet): every day above is now below
    // finality.
    for (const { client } of testClients) {
      await client.increaseTime({ seconds: 3600 })
      await client.mine({ blocks: 30 })
    }
    await f.indexer.syncToHead()
    await f.indexer.syncToHead()
  })
  afterAll(async () => {
    await f?.close()
    for (const { rpcUrl, client } of testClients) await revertSnapshot({ client, id: snapshots.get(rpcUrl)! })
  })

  const stepOf = async (time: number) => {
    const res = await gql(f.url, HISTORY, { a: [wallet], from: time, to: time })
    expect(res.errors).toBeUndefined()
    return res.data!.marginHistory[0]!
  }

  it('answers days below the finalized block inside the window with the figures the live report gave then', async () => {
    const finalized = new Map(f.indexer.status().map((s) => [s.chainId, Number(s.finalizedBlock)]))
    for (const day of days.slice(2)) {
      const step = await stepOf(day.time + AFTER)
      expect(step.statusReasons).toEqual([])
      expect([step.equity, step.maintenanceMargin]).toEqual([day.equity, day.maintenanceMargin])
      // Read below each chain's finalized block: versions finality alone would have pruned.
      for (const { chainId, blockNumber } of step.blocks)
        expect(blockNumber).toBeLessThan(finalized.get(chainId)!)
    }
    // The book moved with ETH: the history is not one value repeated.
    expect(new Set(days.map((d) => d.equity)).size).toBe(DAYS)
  })

  it('prunes past the window: the day older than it is outside the retained history on every chain', async () => {
    const oldest = await stepOf(days[0]!.time + AFTER)
    expect(oldest.status).toBe('UNKNOWN')
    expect(oldest.statusReasons).toEqual(
      manifest.chains
        .map((c) => c.chainId)
        .sort((a, b) => a - b)
        .map((chainId) => `outside-retained-history:${chainId}`),
    )
    // The store's size cost, for the issue note: rows kept below the finalized blocks.
    const { positions, prices, blocks } = await f.store.dumpContent({
      tables: ['positions', 'prices', 'blocks'],
    })
    const superseded = (rows: readonly unknown[][] | undefined) =>
      (rows ?? []).filter((row) => row.at(-1) !== null).length
    console.log(
      `retained history (${RETAIN / DAY} days, ${DAYS} devnet days): ${superseded(positions)} superseded positions of ${positions?.length}, ${superseded(prices)} superseded prices of ${prices?.length}, ${blocks?.length} blocks stored`,
    )
  })
})
