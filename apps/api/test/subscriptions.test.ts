import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readSse } from './support/sse-client.js'
import { type ApiFixture, commitFixtureBlock, startApiFixture, wallets } from './support/store-fixture.js'

describe('subscriptions over SSE', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await startApiFixture()
  })
  afterAll(async () => {
    await f.close()
  })

  it('marginUpdated sends the report, then a new one when an indexed block changes it', async () => {
    const stream = await readSse<{ marginUpdated: { status: string; equity: string } }>(
      f.url,
      `subscription { marginUpdated(addresses: ["${wallets.risky}"]) { status equity } }`,
    )
    try {
      const first = await stream.next()
      expect(first.data!.marginUpdated.equity).toBe('5000.00')
      // A block that changes nothing for this wallet's figures sends nothing new; an ETH drop does.
      await commitFixtureBlock(f.store, 42161, 2, 2600n)
      f.blockEvents.emit({ chainId: 42161, blockNumber: 2n })
      const second = await stream.next()
      expect(second.data!.marginUpdated).toEqual({ status: 'LIQUIDATABLE', equity: '1000.00' })
    } finally {
      stream.close()
    }
  })

  it('healthBelow only sends reports under the threshold', async () => {
    const stream = await readSse<{ healthBelow: { status: string } }>(
      f.url,
      `subscription { healthBelow(addresses: ["${wallets.risky}"], threshold: "1.0") { status health } }`,
    )
    try {
      const first = await stream.next()
      expect(first.data!.healthBelow.status).toBe('LIQUIDATABLE')
    } finally {
      stream.close()
    }
  })
})
