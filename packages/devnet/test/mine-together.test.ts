import { describe, expect, inject, test } from 'vitest'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { mineTogether } from '../src/actions/mine-together.js'
import { createDevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { manifestToken } from '../src/manifest.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const clients = manifest.chains.map((c) =>
  createDevnetClient({ chainId: c.chainId, rpcUrl: c.rpcUrl, privateKey: anvilKey(0) }),
)
const answer = (i: number) =>
  clients[i]!.readContract({
    address: manifestToken(manifest.chains[i]!, 'WETH').feed,
    abi: devnetFeedAbi,
    functionName: 'latestAnswer',
  })
const setPrice = (i: number, value: bigint) =>
  clients[i]!.writeContract({
    address: manifestToken(manifest.chains[i]!, 'WETH').feed,
    abi: devnetFeedAbi,
    functionName: 'setPrice',
    args: [value],
  })

describe('mineTogether()', () => {
  test('a failure to send on one chain drops what the others sent: nothing is mined, mining resumes', async () => {
    const heights = await Promise.all(clients.map((c) => c.getBlockNumber()))
    await expect(
      mineTogether({
        clients,
        submit: async (_client, i) => {
          if (i === 2) throw new Error('RPC gone')
          return [await setPrice(i, 1234n * 10n ** 8n)]
        },
      }),
    ).rejects.toThrow(/nothing was changed/)
    for (const [i, client] of clients.entries()) {
      expect(await client.getAutomine()).toBe(true)
      expect(await answer(i)).toBe(3000n * 10n ** 8n)
      // Mining resumed and the dropped transaction stays out of the next block.
      await client.mine({ blocks: 1 })
      expect(await client.getBlockNumber()).toBe(heights[i]! + 1n)
      expect(await answer(i)).toBe(3000n * 10n ** 8n)
    }
  })

  test('mines one block per chain at one timestamp and restores automine', async () => {
    const { timestamp, blockNumbers } = await mineTogether({
      clients,
      submit: async (_client, i) => [await setPrice(i, 2222n * 10n ** 8n)],
    })
    for (const [i, client] of clients.entries()) {
      expect((await client.getBlock({ blockNumber: blockNumbers[i]! })).timestamp).toBe(timestamp)
      expect(await answer(i)).toBe(2222n * 10n ** 8n)
      expect(await client.getAutomine()).toBe(true)
    }
  })

  test('never stamps a chain below the clock it already showed (its pending timestamp)', async () => {
    // Time moved on one chain alone (as Perp's TWAP step does): its clock is ahead of the wall
    // clock and of the other chains, and an indexer may have recorded it.
    await clients[1]!.increaseTime({ seconds: 5 })
    const clocks = await Promise.all(clients.map((c) => c.getBlock({ blockTag: 'pending' })))
    const { timestamp } = await mineTogether({
      clients,
      submit: async (_client, i) => [await setPrice(i, 2100n * 10n ** 8n)],
    })
    for (const clock of clocks) expect(timestamp).toBeGreaterThanOrEqual(clock.timestamp)
  })
})
