import { parseUnits } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { graphql } from '../src/graphql/graphql.js'
import { marginReportFragment } from '../src/report-document.js'
import { codes, gql } from './support/graphql-client.js'
import { type ApiFixture, startApiFixture, T0, wallets } from './support/store-fixture.js'

describe('margin over a store', () => {
  let f: ApiFixture
  beforeAll(async () => {
    f = await startApiFixture()
  })
  afterAll(async () => {
    await f.close()
  })

  it('margin() nets a cross-chain hedge: initialMargin well below isolatedInitialMargin', async () => {
    const res = await gql(
      f.url,
      graphql(`query ($a: [Address!]!) { margin(addresses: $a) { ...MarginReportFields } }`, [
        marginReportFragment,
      ]),
      { a: [wallets.hedge] },
    )
    expect(res.errors).toBeUndefined()
    const report = res.data!.margin
    expect(report.status).toBe('HEALTHY')
    expect(report.equity).toBe('50000.00') // 10 WETH × 3000 + 20,000 USDC + perp at entry
    expect(Number(report.initialMargin)).toBeLessThan(0.5 * Number(report.isolatedInitialMargin))
    expect(report.positions.map((p) => p.amount).sort()).toEqual([
      '-10000000000000000000',
      '10000000000000000000',
      '20000000000',
    ])
    // The displayed lines add up to the displayed totals to the cent (largest-remainder rounding).
    const cents = (v: string) => parseUnits(v, 2)
    const sum = (values: string[]) => values.reduce((total, v) => total + cents(v), 0n)
    expect(sum(report.positions.map((p) => p.contribution))).toBe(cents(report.initialMargin))
    expect(sum(report.positions.map((p) => p.maintenanceMargin))).toBe(cents(report.maintenanceMargin))
    expect(cents(report.freeCollateral)).toBe(cents(report.equity) - cents(report.initialMargin))
    expect(report.freshness).toEqual([
      expect.objectContaining({ chainId: 1, blockNumber: '1', ageSeconds: 29, stale: false }),
      expect.objectContaining({ chainId: 42161, blockNumber: '1', ageSeconds: 29, stale: false }),
    ])
    expect(report.freshness[0]!.blockHash).toMatch(/^0x[0-9a-f]{64}$/)
  })

  it("margin() shows each venue's own rule beside the unified figure, and the nearest venue liquidation", async () => {
    const res = await gql(
      f.url,
      graphql(`query ($a: [Address!]!) { margin(addresses: $a) { ...MarginReportFields } }`, [
        marginReportFragment,
      ]),
      { a: [wallets.hedge] },
    )
    expect(res.errors).toBeUndefined()
    const report = res.data!.margin
    expect(report.venueStatus).toBe('HEALTHY')
    // Perp v2 on 42161: account value 20,000 against 6.25% of 30,000 = 1,875. The short is
    // liquidated where 20,000 − 10·(S − 3,000) = 0.625·S: S = 50,000 / 10.625 = 4,705.88.
    expect(report.venues).toEqual([
      expect.objectContaining({
        rule: 'PERP_V2',
        chainId: 42161,
        venue: 'perp',
        market: null,
        liquidates: true,
        health: '10.666667',
        collateral: '20000.00',
        requirement: '1875.00',
        liquidatable: false,
        restore: null,
        nativeHealthWad: null,
        liquidationPrices: [expect.objectContaining({ factor: 'ETH', below: null, above: '4705.88' })],
      }),
    ])
    expect(report.bindingVenue).toMatchObject({
      rule: 'PERP_V2',
      factor: 'ETH',
      price: '4705.88',
      kind: 'factor',
    })
    expect(Number(report.bindingVenue!.move)).toBeCloseTo(4705.88 / 3000 - 1, 5)
  })

  it('stressTest() shows the per-venue outcome: ETH +60% liquidates the perp account, and the status says so', async () => {
    const res = await gql(
      f.url,
      graphql(
        `query ($a: [Address!]!) { stressTest(addresses: $a, shocks: [{ factor: "ETH", spot: "0.6" }]) {
          before { ...MarginReportFields } after { ...MarginReportFields } } }`,
        [marginReportFragment],
      ),
      { a: [wallets.hedge] },
    )
    expect(res.errors).toBeUndefined()
    const { before, after } = res.data!.stressTest
    expect(before.status).toBe('HEALTHY')
    // At 4,800: account value 20,000 − 18,000 = 2,000 < 6.25% · 48,000 = 3,000. The unified book
    // (the WETH on chain 1 gained 18,000) is still above its initial margin.
    expect(Number(after.equity)).toBeGreaterThan(Number(after.initialMargin))
    expect(after.venueStatus).toBe('LIQUIDATABLE')
    expect(after.status).toBe('LIQUIDATABLE')
    expect(after.venues[0]).toMatchObject({ rule: 'PERP_V2', liquidatable: true, health: '0.666667' })
    expect(after.venues[0]!.restore).toEqual({
      chainId: 42161,
      venue: 'perp',
      asset: 'USDC',
      quantity: '1000.000000',
      value: '1000.00',
    })
    expect(after.bindingVenue).toMatchObject({ rule: 'PERP_V2', move: '0.000000' })
  })

  it('margin() is UNKNOWN, never HEALTHY, when a chain is stale', async () => {
    f.clock.now = T0 + 1000
    try {
      const res = await gql(
        f.url,
        graphql(`query ($a: [Address!]!) { margin(addresses: $a) { status statusReasons } }`),
        { a: [wallets.hedge] },
      )
      expect(res.data!.margin.status).toBe('UNKNOWN')
      expect(res.data!.margin.statusReasons).toEqual(['stale-chain:1', 'stale-chain:42161'])
      const strict = await gql(
        f.url,
        `{ margin(addresses: ["${wallets.hedge}"], requireFresh: true) { status } }`,
      )
      expect(codes(strict)).toEqual(['STALE_DATA'])
      expect(strict.status).toBe(503)
    } finally {
      f.clock.now = T0 + 30
    }
  })

  it('wallet() exposes the report with raw positions and balances; account() groups wallets', async () => {
    const res = await gql(
      f.url,
      graphql(`query ($a: Address!) {
        wallet(address: $a) { address margin { status } positions { kind amount key } balances { amount } }
        account(id: "nobody") { id }
      }`),
      { a: wallets.hedge.toLowerCase() },
    )
    expect(res.errors).toBeUndefined()
    expect(res.data!.wallet.address).toBe(wallets.hedge)
    expect(res.data!.wallet.positions).toHaveLength(3)
    // Plain wallet balances only: the hedge's USDC sits in the perp vault.
    expect(res.data!.wallet.balances).toHaveLength(1)
    expect(res.data!.account).toBeNull()
  })

  it('stressTest() and whatIf() return before, after and the deltas', async () => {
    const res = await gql(
      f.url,
      graphql(`query ($a: [Address!]!) {
        stressTest(addresses: $a, shocks: [{ factor: "ETH", spot: "-0.5" }]) { scenario before { equity } after { equity } delta { equity } }
        whatIf(addresses: $a, add: [{ chainId: 42161, venue: "perp", kind: PERP, asset: "ETH", amount: "10000000000000000000", decimals: 18, entryPrice: "3000" }]) {
          after { positions { id } } delta { initialMargin }
        }
      }`),
      { a: [wallets.risky] },
    )
    expect(res.errors).toBeUndefined()
    expect(res.data!.stressTest.scenario).toBe('custom')
    expect(Number(res.data!.stressTest.delta.equity)).toBeCloseTo(-15_000, 0) // long 10 ETH perp, −50% from 3000
    expect(res.data!.whatIf.after.positions).toHaveLength(3)
    expect(Number(res.data!.whatIf.delta.initialMargin)).toBeGreaterThan(0)
  })

  it('stressTest() needs exactly one of scenario and shocks', async () => {
    const res = await gql(f.url, `{ stressTest(addresses: ["${wallets.risky}"]) { scenario } }`)
    expect(codes(res)).toEqual(['BAD_USER_INPUT'])
    expect(res.status).toBe(400)
  })

  it('whatIf() on a chain the server does not index is UNKNOWN_CHAIN', async () => {
    const res = await gql(
      f.url,
      `{ whatIf(addresses: ["${wallets.risky}"], add: [{ chainId: 999, venue: "wallet", kind: SPOT, asset: "WETH", amount: "1", decimals: 18 }]) { delta { equity } } }`,
    )
    expect(codes(res)).toEqual(['UNKNOWN_CHAIN'])
  })

  it('chains() gives the sync state of every chain; chain(999) is UNKNOWN_CHAIN', async () => {
    const res = await gql(
      f.url,
      graphql(
        `query { chains { chainId name head indexedBlock indexedHash finalizedBlock lagBlocks ageSeconds status } }`,
      ),
      {},
    )
    expect(res.data!.chains.map((c) => [c.chainId, c.indexedBlock, c.status])).toEqual([
      [1, '1', 'LIVE'],
      [42161, '1', 'LIVE'],
    ])
    const unknown = await gql(f.url, '{ chain(chainId: 999) { name } }')
    expect(codes(unknown)).toEqual(['UNKNOWN_CHAIN'])
    expect(unknown.status).toBe(400)
  })

  it('trackWallet and createAccount need the admin key (UNAUTHENTICATED, 401)', async () => {
    const mutation = `mutation { createAccount(id: "desk", wallets: ["${wallets.hedge}", "${wallets.risky}"]) { id wallets } }`
    const denied = await gql(f.url, mutation)
    expect(codes(denied)).toEqual(['UNAUTHENTICATED'])
    expect(denied.status).toBe(401)
    const wrong = await gql(f.url, mutation, undefined, { authorization: 'Bearer nope' })
    expect(codes(wrong)).toEqual(['UNAUTHENTICATED'])
    const ok = await gql(
      f.url,
      graphql(`mutation ($w: [Address!]!) { createAccount(id: "desk", wallets: $w) { id wallets } }`),
      { w: [wallets.hedge, wallets.risky] },
      { authorization: 'Bearer test-admin-key-0123456789' },
    )
    expect(ok.data!.createAccount).toEqual({ id: 'desk', wallets: [wallets.hedge, wallets.risky] })
    const tracked = await gql(
      f.url,
      graphql(`mutation ($a: Address!) { trackWallet(address: $a) { address added } }`),
      { a: wallets.empty },
      { 'x-api-key': 'test-admin-key-0123456789' },
    )
    expect(tracked.data!.trackWallet.added).toBe(true)
    const account = await gql(
      f.url,
      graphql(`query { account(id: "desk") { id wallets { address } margin { status positions { id } } } }`),
      {},
    )
    expect(account.data!.account!.wallets).toHaveLength(2)
    expect(account.data!.account!.margin.positions).toHaveLength(5)
  })
})
