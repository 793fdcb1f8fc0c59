import '@xmargin/devnet/vitest/global-setup'
import { setTimeout as sleep } from 'node:timers/promises'
import { resetPrices, shockPrice } from '@xmargin/devnet'
import { createTestClient, getAddress, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { useDevnetApi } from '../support/devnet-fixture.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
const nearLiquidation = getAddress(manifest.wallets.find((w) => w.name === 'near-liquidation')!.address)

describe('subscriptions over the devnet and the real indexer', () => {
  const f = useDevnetApi(manifest)
  const testClients = manifest.chains.map((c) => ({
    chain: c,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))
  let following: Promise<void>
  beforeAll(() => {
    following = f().indexer.run()
  })
  afterAll(async () => {
    await f().indexer.stop()
    await following
  })

  /**
   * Mines `blocks` empty blocks on every chain and waits until the indexer has them, plus a pause
   * for the subscriptions' recomputation: an event these blocks wrongly caused would then arrive
   * before the next expected one (events are ordered).
   */
  const mineIndexed = async (blocks: number) => {
    const targets = await Promise.all(
      testClients.map(async ({ chain, client }) => {
        await client.mine({ blocks })
        return { chainId: chain.chainId, block: await f().clients.get(chain.chainId)!.getBlockNumber() }
      }),
    )
    const indexed = () =>
      targets.every(
        (t) =>
          (f()
            .indexer.status()
            .find((s) => s.chainId === t.chainId)?.indexedBlock ?? -1n) >= t.block,
      )
    while (!indexed()) await sleep(25)
    await sleep(200)
  }

  it('N mined blocks send nothing; a shock below the threshold sends one healthBelow event, the recovery one', async () => {
    type Report = { status: string; health: string; equity: string }
    const updates = await readSse<{ marginUpdated: Report }>(
      f().url,
      `subscription { marginUpdated(addresses: ["${nearLiquidation}"]) { status health equity } }`,
    )
    const crossings = await readSse<{ healthBelow: { below: boolean; report: Report } }>(
      f().url,
      `subscription { healthBelow(addresses: ["${nearLiquidation}"], threshold: "1") { below report { status health } } }`,
    )
    try {
      const first = (await updates.next()).data!.marginUpdated
      expect(Number(first.health)).toBeGreaterThan(1)
      await mineIndexed(5)
      // Past the portfolio line (an ETH drop of about 13%).
      await shockPrice(manifest, { symbol: 'WETH', percent: -15 })
      // The first event after the five blocks is the shock's: nothing was sent for them.
      const moved = (await updates.next()).data!.marginUpdated
      expect(Number(moved.health)).toBeLessThan(Number(first.health))
      const below = (await crossings.next()).data!.healthBelow
      expect(below.below).toBe(true)
      expect(below.report.status).toBe('LIQUIDATABLE')

      // Below, blocks keep coming and the price falls further: no crossing event.
      await mineIndexed(5)
      await shockPrice(manifest, { symbol: 'WETH', percent: -2 })
      await mineIndexed(2)
      await resetPrices(manifest, { symbol: 'WETH' })
      const recovered = (await crossings.next()).data!.healthBelow
      expect(recovered.below).toBe(false)
      expect(Number(recovered.report.health)).toBeGreaterThanOrEqual(1)

      // Above again: blocks and a rise send nothing; the next event is the next crossing.
      await mineIndexed(5)
      await shockPrice(manifest, { symbol: 'WETH', percent: 5 })
      await mineIndexed(2)
      await shockPrice(manifest, { symbol: 'WETH', price: '2500' })
      expect((await crossings.next()).data!.healthBelow.below).toBe(true)
    } finally {
      updates.close()
      crossings.close()
    }
  })
})
