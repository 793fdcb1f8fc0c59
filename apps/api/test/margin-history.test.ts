import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphql } from '../src/graphql/graphql.js'
import { codes, gql } from './support/graphql-client.js'
import {
  type ApiFixture,
  commitFixtureBlock,
  startApiFixture,
  T0,
  tokens,
  wallets,
} from './support/store-fixture.js'

const historyQuery = graphql(`query ($a: [Address!]!, $from: Int!, $to: Int!, $step: Int!) {
  marginHistory(addresses: $a, from: $from, to: $to, step: $step) {
    time blocks { chainId blockNumber } status statusReasons equity initialMargin maintenanceMargin health parameterSet
  }
}`)

describe('marginHistory(addresses, from, to, step)', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await startApiFixture()
    // ETH 3000 at block 1 (the fixture), 2800 at block 2, 2500 at block 3; at block 3 the risky
    // wallet's perp vault goes from 5,000 to 8,000 USDC (a new version of the position).
    await commitFixtureBlock(f.store, 1, 2, 2800n)
    await commitFixtureBlock(f.store, 42161, 2, 2800n)
    await commitFixtureBlock(f.store, 1, 3, 2500n)
    await commitFixtureBlock(f.store, 42161, 3, 2500n, {
      upserts: [
        {
          venue: 'perp',
          wallet: wallets.risky.toLowerCase() as `0x${string}`,
          kind: 'spot',
          key: tokens.usdc42161,
          amount: 8_000n * 10n ** 6n,
        },
      ],
    })
  })
  afterAll(async () => {
    await f.close()
  })

  it('reads each step at its blocks: past prices and past versions of the positions, not the current ones', async () => {
    const res = await gql(f.url, historyQuery, { a: [wallets.risky], from: T0, to: T0 + 3, step: 1 })
    expect(res.errors).toBeUndefined()
    const steps = res.data!.marginHistory
    expect(steps.map((s) => s.time)).toEqual([T0, T0 + 1, T0 + 2, T0 + 3])
    // Before the first stored block: nothing to read.
    expect(steps[0]).toMatchObject({
      status: 'UNKNOWN',
      statusReasons: ['no-block-at-time:1', 'no-block-at-time:42161'],
      equity: null,
      blocks: [],
    })
    expect(steps.slice(1).map((s) => s.blocks)).toEqual(
      [1, 2, 3].map((n) => [
        { chainId: 1, blockNumber: n },
        { chainId: 42161, blockNumber: n },
      ]),
    )
    // 10 ETH perp long at 3,000 with 5,000 USDC, then the vault topped up to 8,000 at block 3.
    expect(steps.slice(1).map((s) => s.equity)).toEqual(['5000.00', '3000.00', '3000.00'])
    for (const s of steps.slice(1)) {
      expect(s.statusReasons).toEqual([])
      expect(Number(s.initialMargin)).toBeGreaterThan(Number(s.maintenanceMargin))
      expect(s.parameterSet).toMatch(/^[0-9a-f]{64}$/)
    }
    // The current report agrees with the last step.
    const now = await gql(
      f.url,
      graphql(`query ($a: [Address!]!) { margin(addresses: $a) { equity maintenanceMargin } }`),
      {
        a: [wallets.risky],
      },
    )
    expect(now.data!.margin.equity).toBe(steps[3]!.equity)
    expect(now.data!.margin.maintenanceMargin).toBe(steps[3]!.maintenanceMargin)
  })

  it('below the finalized floor the store has pruned the versions: those steps say so', async () => {
    await f.store.markFinalized({ chainId: 42161, blockNumber: 2 })
    const res = await gql(f.url, historyQuery, { a: [wallets.risky], from: T0 + 1, to: T0 + 3, step: 1 })
    expect(res.errors).toBeUndefined()
    const steps = res.data!.marginHistory
    expect(steps[0]).toMatchObject({ status: 'UNKNOWN', statusReasons: ['outside-retained-history:42161'] })
    expect(steps.slice(1).map((s) => s.equity)).toEqual(['3000.00', '3000.00'])
  })

  it('inside the retained history, steps below the finalized block are answered; older ones are outside it', async () => {
    // Chain 1 finalized at block 3 keeping 1 s of history: block 2 (T0 + 2) is the oldest kept.
    const result = await f.store.markFinalized({ chainId: 1, blockNumber: 3, retainSeconds: 1 })
    expect([result.finalized?.number, result.retainedFrom?.number]).toEqual([3, 2])
    const res = await gql(f.url, historyQuery, { a: [wallets.risky], from: T0 + 1, to: T0 + 3, step: 1 })
    expect(res.errors).toBeUndefined()
    const steps = res.data!.marginHistory
    expect(steps[0]).toMatchObject({
      status: 'UNKNOWN',
      statusReasons: ['outside-retained-history:1', 'outside-retained-history:42161'],
    })
    expect(steps[1]!.blocks).toEqual([
      { chainId: 1, blockNumber: 2 },
      { chainId: 42161, blockNumber: 2 },
    ])
    expect(steps.slice(1).map((s) => [s.statusReasons, s.equity])).toEqual([
      [[], '3000.00'],
      [[], '3000.00'],
    ])
  })

  it('bad ranges are OUT_OF_RANGE', async () => {
    const ask = (from: number, to: number, step: number) =>
      gql(f.url, historyQuery, { a: [wallets.risky], from, to, step })
    expect(codes(await ask(T0 + 3, T0, 1))).toEqual(['OUT_OF_RANGE'])
    expect(codes(await ask(T0, T0 + 3, 0))).toEqual(['OUT_OF_RANGE'])
    expect(codes(await ask(T0, T0 + 1000, 1))).toEqual(['OUT_OF_RANGE'])
  })
})
