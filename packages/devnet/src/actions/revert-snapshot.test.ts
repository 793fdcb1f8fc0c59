import { setTimeout as sleep } from 'node:timers/promises'
import { createTestClient, http } from 'viem'
import { getBlock } from 'viem/actions'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type AnvilInstance, startAnvil } from '../chain/start-anvil.js'
import { revertSnapshot } from './revert-snapshot.js'

let anvil: AnvilInstance
beforeAll(async () => {
  anvil = await startAnvil({ chainId: 31337, port: 0 })
})
afterAll(() => anvil?.stop())

/** Seconds the chain's clock (its pending block's timestamp) is behind the wall clock. */
async function lag(client: ReturnType<typeof createTestClient>): Promise<number> {
  const pending = await getBlock(client, { blockTag: 'pending' })
  return Math.floor(Date.now() / 1000) - Number(pending.timestamp)
}

describe('revertSnapshot', () => {
  it('reverts the state and puts the clock back on the wall clock, where evm_revert alone rewinds it', async () => {
    const client = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), cacheTime: 0 })
    const start = await getBlock(client, { blockTag: 'latest' })

    // evm_revert alone: the seconds since the snapshot are gone from the chain's clock.
    const plain = await client.snapshot()
    await client.mine({ blocks: 1 })
    await sleep(2100)
    await client.revert({ id: plain })
    expect(await lag(client)).toBeGreaterThanOrEqual(2)

    const id = await client.snapshot()
    await client.mine({ blocks: 2 })
    await sleep(2100)
    await revertSnapshot({ client, id })
    expect((await getBlock(client, { blockTag: 'latest' })).number).toBe(start.number)
    expect(await lag(client)).toBeLessThanOrEqual(0)
    await client.mine({ blocks: 1 })
    const mined = await getBlock(client, { blockTag: 'latest' })
    expect(Number(mined.timestamp)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 1)
  })

  it('never moves a clock that is ahead of the wall clock back', async () => {
    const client = createTestClient({ mode: 'anvil', transport: http(anvil.rpcUrl), cacheTime: 0 })
    await client.increaseTime({ seconds: 3600 })
    await client.mine({ blocks: 1 })
    const id = await client.snapshot()
    await client.mine({ blocks: 1 })
    await revertSnapshot({ client, id })
    expect(await lag(client)).toBeLessThanOrEqual(-3500)
  })
})
