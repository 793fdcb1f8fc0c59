import { type AaveReserveContext, positionId } from '@xmargin/core'
import type { PositionWrite } from '@xmargin/store'
import { print } from 'graphql'
import { keccak256, toHex } from 'viem'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type CascadeJson, cascadeQueryDocument } from '../src/report-document.js'
import { selectWallets } from '../src/service/cascade.js'
import { gql } from './support/graphql-client.js'
import {
  type ApiFixture,
  feeds,
  recordFixtureClocks,
  startApiFixture,
  T0,
  tokens,
  wallets,
} from './support/store-fixture.js'

const E18 = 10n ** 18n
const WETH: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  liquidationBonus: 10500,
  eModeCategory: 1,
  userEModeCategory: 0,
}
const USDC: AaveReserveContext = {
  ltv: 7700,
  liquidationThreshold: 8000,
  liquidationBonus: 10450,
  eModeCategory: 0,
  userEModeCategory: 0,
}
/** Two Aave v3 borrowers on chain 1: the first hedged by a short perp on 42161, the second not. */
const hedgedBorrower = '0x4444444444444444444444444444444444444444'
const borrower = '0x5555555555555555555555555555555555555555'
const hash = (chainId: number, n: number) => keccak256(toHex(`${chainId}:${n}`))

function aaveRow(wallet: string, kind: 'supply' | 'debt', amount: bigint): PositionWrite {
  const w = wallet.toLowerCase() as `0x${string}`
  const key = kind === 'supply' ? tokens.weth1 : tokens.usdc1
  const base = { id: positionId({ chainId: 1, venue: 'aave-v3', wallet: w, kind, key }), chainId: 1 }
  const engine =
    kind === 'supply'
      ? { ...base, kind, asset: 'WETH', decimals: 18, collateral: true, aave: WETH }
      : { ...base, kind, asset: 'USDC', decimals: 6, aave: USDC }
  return {
    venue: 'aave-v3',
    wallet: w,
    kind,
    key,
    amount,
    engine: { ...engine, venue: 'aave-v3', wallet: w, amount, blockNumber: 0n },
  }
}

function perpRows(wallet: string): PositionWrite[] {
  const w = wallet.toLowerCase() as `0x${string}`
  const base = { chainId: 42161, venue: 'perp', wallet: w, blockNumber: 0n }
  return [
    {
      venue: 'perp',
      wallet: w,
      kind: 'perp',
      key: 'ETH',
      amount: -10n * E18,
      extra: { entryPrice: '300000000000' },
      engine: {
        ...base,
        id: positionId({ chainId: 42161, venue: 'perp', wallet: w, kind: 'perp', key: 'ETH' }),
        kind: 'perp',
        asset: 'ETH',
        amount: -10n * E18,
        decimals: 18,
        entryPrice: { value: 300000000000n, decimals: 8 },
        funding: { value: 0n, decimals: 8 },
      },
    },
    {
      venue: 'perp',
      wallet: w,
      kind: 'spot',
      key: tokens.usdc42161,
      amount: 20_000n * 10n ** 6n,
      engine: {
        ...base,
        id: positionId({ chainId: 42161, venue: 'perp', wallet: w, kind: 'spot', key: tokens.usdc42161 }),
        kind: 'spot',
        asset: 'USDC',
        amount: 20_000n * 10n ** 6n,
        decimals: 6,
      },
    },
  ]
}

async function commit(f: ApiFixture, chainId: 1 | 42161, n: number, upserts: PositionWrite[]) {
  const [eth, usdc, weth, usdcToken] =
    chainId === 1
      ? [feeds.eth1, feeds.usdc1, tokens.weth1, tokens.usdc1]
      : [feeds.eth42161, feeds.usdc42161, tokens.weth42161, tokens.usdc42161]
  await f.store.commitBlock({
    chainId,
    block: { number: n, hash: hash(chainId, n), parentHash: hash(chainId, n - 1), timestamp: T0 + n },
    positions: { upserts },
    prices: [
      {
        feed: eth,
        asset: weth,
        value: 3000n * 10n ** 8n,
        decimals: 8,
        updatedAt: T0 + n,
        roundId: BigInt(n),
      },
      { feed: usdc, asset: usdcToken, value: 10n ** 8n, decimals: 8, updatedAt: T0 + n, roundId: BigInt(n) },
    ],
    cursors: ['head'],
    complete: true,
  })
  await recordFixtureClocks(f.store, T0 + n + 1)
}

const CASCADE = `query ($all: Boolean, $a: [Address!], $account: String, $s: [ShockInput!], $scenario: StressScenario, $impact: [DepthCurveInput!], $rounds: Int) {
  cascade(all: $all, addresses: $a, account: $account, shocks: $s, scenario: $scenario, impact: $impact, maxRounds: $rounds) {
    wallets scenario fixedPoint reasons shock { factor multiplier }
    rounds {
      round prices { asset price } multipliers { factor multiplier } walletsHit badDebt
      liquidations { venue chainId wallet collateralAsset collateralSeized collateralSeizedAmount collateralSeizedValue debtAsset debtRepaid debtRepaidAmount debtRepaidValue protocolFee writtenOff badDebt toxic }
      byVenue { venue chainId liquidations collateralSeizedValue }
      unmodelled { venue chainId wallet }
      sales { factor amountIn multiplierAfter }
    }
    end { liquidations totalLiquidated badDebt walletsHit byVenue { venue chainId badDebt } prices { asset price } }
    comparison { isolated { wallets walletsSurviving walletsLiquidated liquidatedValue badDebt rounds fixedPoint ...ByRound } portfolio { wallets walletsSurviving walletsLiquidated liquidatedValue badDebt rounds fixedPoint multipliers { factor multiplier } ...ByRound } }
    markets { factor asset twoPercentDepthUsd feePips price depth }
  }
}
fragment ByRound on CascadeRegime {
  byRound { round multipliers { factor multiplier } prices { asset price } liquidations walletsHit unresolved collateralSeizedValue debtRepaidValue badDebt sales { factor amountIn multiplierAfter } }
}`

type RegimeRound = {
  round: number
  multipliers: { factor: string; multiplier: string }[]
  prices: { asset: string; price: string }[]
  liquidations: number
  walletsHit: number
  unresolved: number
  collateralSeizedValue: string
  debtRepaidValue: string
  badDebt: string
  sales: { factor: string; amountIn: string; multiplierAfter: string }[]
}

type Data = {
  cascade: {
    wallets: number
    fixedPoint: boolean
    reasons: string[]
    rounds: {
      round: number
      prices: { asset: string; price: string }[]
      multipliers: { factor: string; multiplier: string }[]
      walletsHit: number
      badDebt: string
      liquidations: Record<string, unknown>[]
      unmodelled: { venue: string; chainId: number; wallet: string }[]
      sales: { factor: string; amountIn: string; multiplierAfter: string }[]
    }[]
    end: { liquidations: number; totalLiquidated: string; walletsHit: number }
    comparison: Record<'isolated' | 'portfolio', Record<string, unknown>>
    markets: { factor: string; asset: string; depth: string; feePips: number }[]
  }
}

const codes = (res: { errors?: { extensions?: { code?: string } }[] }) =>
  (res.errors ?? []).map((e) => e.extensions?.code)

describe('cascade', () => {
  let f: ApiFixture
  beforeAll(async () => {
    // On a worker thread, as served: the task and its result cross by structured clone.
    f = await startApiFixture({ engineThreads: 1 })
    await commit(f, 1, 2, [
      aaveRow(hedgedBorrower, 'supply', 10n * E18),
      aaveRow(hedgedBorrower, 'debt', 18_000n * 10n ** 6n),
      aaveRow(borrower, 'supply', 10n * E18),
      aaveRow(borrower, 'debt', 19_000n * 10n ** 6n),
    ])
    await commit(f, 42161, 2, perpRows(hedgedBorrower))
    await f.store.trackWallets({
      // The empty wallet too: tracked, no positions (it survives every regime).
      wallets: [hedgedBorrower, borrower, wallets.empty].map((w) => ({
        address: w.toLowerCase() as `0x${string}`,
        source: 'config' as const,
      })),
    })
    await f.store.setAccount({ name: 'borrowers', wallets: [hedgedBorrower, borrower] as `0x${string}`[] })
    f.clock.now = T0 + 10
  })
  afterAll(async () => {
    await f?.close()
  })

  it("runs the venues' liquidations round by round from the store, by hand", async () => {
    // ETH −30% → 2,100. Both Aave accounts: 10 WETH, threshold 82.5%, bonus 5%.
    // Hedged: HF = 17,325 / 18,000 = 0.9625 (> 0.95: close factor 50%) → repays 9,000 USDC,
    //   seizes 9,000 · 1.05 / 2,100 = 4.5 WETH.
    // Unhedged: HF = 17,325 / 19,000 = 0.912 (≤ 0.95: 100%) → repays 19,000, seizes 9.5 WETH.
    // The risky wallet's Perp v2 account (long 10 ETH at 3,000 on 5,000 USDC) fails: unmodelled.
    // 14 WETH sold into a fee-free curve of 2% depth 10 M USD at 3,000: x = (10 M / 3,000) /
    //   (1/√0.98 − 1) WETH, and the price falls by (x / (x + 14))².
    const res = await gql<Data>(f.url, CASCADE, {
      all: true,
      s: [{ factor: 'ETH', spot: '-0.3' }],
      impact: [{ asset: 'WETH', twoPercentDepthUsd: '10000000', feePips: 0 }],
      rounds: 10,
    })
    expect(res.errors).toBeUndefined()
    const c = res.data!.cascade
    expect(c.wallets).toBe(5)
    expect(c.reasons).toEqual([])
    const [one, two] = c.rounds
    expect(one!.prices).toContainEqual({ asset: 'WETH', price: '2100.000000' })
    const byWallet = Object.fromEntries(one!.liquidations.map((l) => [l.wallet as string, l]))
    expect(byWallet[hedgedBorrower.toLowerCase()]).toMatchObject({
      venue: 'AAVE_V3',
      chainId: 1,
      collateralAsset: 'WETH',
      collateralSeized: '4.500000000',
      debtAsset: 'USDC',
      debtRepaid: '9000.000000000',
      debtRepaidValue: '9000.000000',
      badDebt: '0.000000',
      toxic: false,
    })
    expect(byWallet[borrower.toLowerCase()]).toMatchObject({
      collateralSeized: '9.500000000',
      debtRepaid: '19000.000000000',
    })
    // Exact raw amounts beside the decimals: 4.5 WETH (18 decimals) for 9,000 USDC (6), no fee set.
    expect(byWallet[hedgedBorrower.toLowerCase()]).toMatchObject({
      collateralSeizedAmount: '4500000000000000000',
      debtRepaidAmount: '9000000000',
      protocolFee: '0',
      writtenOff: '0',
    })
    // The risky Perp v2 account (account value 5,000 + 10 × (2,100 − 3,000) = −4,000) is closed in
    // full: 10 ETH closed (18 decimals), a 2.5% penalty on its 21,000 notional paid in USDC (6).
    expect(byWallet[wallets.risky.toLowerCase()]).toMatchObject({
      venue: 'PERP_V2',
      chainId: 42161,
      debtRepaidAmount: '10000000000000000000',
      collateralSeizedAmount: '525000000',
    })
    expect(one!.unmodelled).toEqual([])
    expect(one!.sales).toEqual([
      { factor: 'ETH', amountIn: '14000000000000000000', multiplierAfter: expect.any(String) },
    ])
    const x = 10_000_000 / 3000 / (1 / Math.sqrt(0.98) - 1)
    expect(Number(one!.sales[0]!.multiplierAfter)).toBeCloseTo(0.7 * (x / (x + 14)) ** 2, 6)
    expect(Number(two!.multipliers.find((m) => m.factor === 'ETH')!.multiplier)).toBeCloseTo(
      0.7 * (x / (x + 14)) ** 2,
      6,
    )
    expect(c.markets).toEqual([
      {
        factor: 'ETH',
        asset: 'WETH',
        twoPercentDepthUsd: '10000000.000000',
        feePips: 0,
        price: '3000.000000',
        depth: expect.any(String),
      },
    ])
    expect(Number(c.markets[0]!.depth)).toBeCloseTo(x, 3)
    // The two Aave borrowers and the risky Perp v2 account.
    expect(c.end.walletsHit).toBe(3)
    expect(c.fixedPoint).toBe(true)
  })

  it('compares isolated venue rules with unified cross-chain portfolio margin on the same wallets', async () => {
    // Isolated: both Aave borrowers are liquidated, the risky Perp account fails; the hedge survives.
    // Portfolio (ETH 2,100): the hedged borrower's short perp on 42161 gains 9,000 and holds 20,000
    // USDC: its one cross-chain book survives. The unhedged borrower (C = 21,000, E = 2,000; MM =
    // 0.5%·C + 0.8·15%·C = 2,625) fails and is liquidated back to IM = 1%·C + 15%·C at Aave's 5%
    // bonus: 2,000 − 0.05R = 0.16·(21,000 − 1.05R) → R = 1,360 / 0.118 = 11,525.42, seizing 1.05R =
    // 12,101.69 (to the bisection's cent). The risky long (perp only, E = −4,000) fails with no debt
    // to repay: counted liquidated, nothing seized. The sales move ETH by a hair: no second wave.
    const res = await gql<Data>(f.url, CASCADE, { all: true, s: [{ factor: 'ETH', spot: '-0.3' }] })
    expect(res.errors).toBeUndefined()
    const { isolated, portfolio } = res.data!.cascade.comparison
    expect(isolated).toMatchObject({
      wallets: 5,
      walletsSurviving: 2,
      walletsLiquidated: 3,
      rounds: 2,
      fixedPoint: true,
    })
    expect(portfolio).toMatchObject({
      wallets: 5,
      walletsSurviving: 3,
      walletsLiquidated: 2,
      badDebt: '0.000000',
      rounds: 2,
      fixedPoint: true,
    })
    const seized = (1.05 * 1360) / 0.118
    expect(Math.abs(Number(portfolio!.liquidatedValue) - seized)).toBeLessThan(0.011)
    // The unified regime sold ~5.76 WETH into the $5M-deep curve: ETH ends a hair below the shock.
    const eth = (portfolio!.multipliers as { factor: string; multiplier: string }[]).find(
      (m) => m.factor === 'ETH',
    )
    expect(Number(eth!.multiplier)).toBeLessThan(0.7)
    expect(Number(eth!.multiplier)).toBeGreaterThan(0.699)
  })

  it("reports each regime round by round: the portfolio regime's own liquidations, prices and sales", async () => {
    const res = await gql<Data>(f.url, CASCADE, { all: true, s: [{ factor: 'ETH', spot: '-0.3' }] })
    expect(res.errors).toBeUndefined()
    const c = res.data!.cascade
    const byRound = (regime: 'isolated' | 'portfolio') => c.comparison[regime]!.byRound as RegimeRound[]
    const eth = (m: { factor: string; multiplier: string }[]) => m.find((x) => x.factor === 'ETH')!.multiplier
    // Isolated: the cascade's own rounds, summed.
    expect(byRound('isolated')).toHaveLength(c.rounds.length)
    byRound('isolated').forEach((r, i) => {
      const round = c.rounds[i]!
      expect(r).toMatchObject({
        round: round.round,
        prices: round.prices,
        liquidations: round.liquidations.length,
        walletsHit: round.walletsHit,
        unresolved: round.unmodelled.length,
        badDebt: round.badDebt,
      })
      const seized = round.liquidations.reduce((sum, l) => sum + Number(l.collateralSeizedValue), 0)
      expect(Math.abs(Number(r.collateralSeizedValue) - seized)).toBeLessThan(1e-5)
    })
    // Portfolio (see the comparison above): round 1 at the shock liquidates the unhedged borrower
    // back to IM (R = 11,525.42 repaid, 1.05R seized) and cannot act on the risky long (no debt);
    // its WETH sale moves ETH, and round 2 at that price liquidates nothing: the fixed point.
    const [first, second, ...more] = byRound('portfolio')
    expect(more).toEqual([])
    expect(first).toMatchObject({
      round: 1,
      liquidations: 1,
      walletsHit: 1,
      unresolved: 1,
      badDebt: '0.000000',
      prices: c.rounds[0]!.prices,
    })
    expect(eth(first!.multipliers)).toBe('0.700000000')
    expect(Math.abs(Number(first!.debtRepaidValue) - 1360 / 0.118)).toBeLessThan(0.011)
    expect(Math.abs(Number(first!.collateralSeizedValue) - (1.05 * 1360) / 0.118)).toBeLessThan(0.011)
    expect(first!.sales).toHaveLength(1)
    expect(first!.sales[0]).toMatchObject({ factor: 'ETH' })
    expect(Number(first!.sales[0]!.multiplierAfter)).toBeLessThan(0.7)
    expect(second).toMatchObject({ round: 2, liquidations: 0, walletsHit: 0, unresolved: 1, sales: [] })
    expect(eth(second!.multipliers)).toBe(first!.sales[0]!.multiplierAfter)
    expect(eth(second!.multipliers)).toBe(
      eth(c.comparison.portfolio!.multipliers as RegimeRound['multipliers']),
    )
    expect(Number(c.comparison.portfolio!.liquidatedValue)).toBeCloseTo(
      Number(first!.collateralSeizedValue),
      5,
    )
  })

  it("answers the CLI's `cascade --json` document with both regimes' rounds", async () => {
    const res = await gql<{ cascade: CascadeJson }>(f.url, print(cascadeQueryDocument), {
      all: true,
      shocks: [{ factor: 'ETH', spot: '-0.3' }],
    })
    expect(res.errors).toBeUndefined()
    const { isolated, portfolio } = res.data!.cascade.comparison
    expect(portfolio.byRound.map((r) => [r.liquidations, r.walletsHit, r.unresolved])).toEqual([
      [1, 1, 1],
      [0, 0, 1],
    ])
    expect(isolated.byRound.map((r) => r.walletsHit)).toEqual(
      res.data!.cascade.rounds.map((r) => r.walletsHit),
    )
  })

  it('runs over an account or a list, and over a named scenario’s spot moves', async () => {
    const account = await gql<Data>(f.url, CASCADE, { account: 'borrowers', scenario: 'CRYPTO_CRASH' })
    expect(account.errors).toBeUndefined()
    expect(account.data!.cascade.wallets).toBe(2)
    expect(account.data!.cascade.rounds[0]!.multipliers).toContainEqual({
      factor: 'ETH',
      multiplier: '0.650000000',
    })
    const list = await gql<Data>(f.url, CASCADE, { a: [borrower], s: [{ factor: 'ETH', spot: '-0.1' }] })
    expect(list.errors).toBeUndefined()
    expect(list.data!.cascade.rounds.map((r) => r.liquidations.length)).toEqual([0])
  })

  it('refuses unknown factors, wallets, accounts and assets with codes naming the valid ones, and bounds the work', async () => {
    const factor = await gql(f.url, CASCADE, { all: true, s: [{ factor: 'DOGE', spot: '-0.3' }] })
    expect(codes(factor)).toEqual(['UNKNOWN_FACTOR'])
    expect(factor.errors![0]!.message).toContain('ETH')
    const wallet = await gql(f.url, CASCADE, {
      a: ['0x6666666666666666666666666666666666666666'],
      s: [{ factor: 'ETH', spot: '-0.3' }],
    })
    expect(codes(wallet)).toEqual(['UNKNOWN_WALLET'])
    expect(wallet.errors![0]!.message).toContain(borrower.toLowerCase())
    const account = await gql(f.url, CASCADE, { account: 'nobody', s: [{ factor: 'ETH', spot: '-0.3' }] })
    expect(codes(account)).toEqual(['UNKNOWN_ACCOUNT'])
    expect(account.errors![0]!.message).toContain('borrowers')
    const asset = await gql(f.url, CASCADE, {
      all: true,
      s: [{ factor: 'ETH', spot: '-0.3' }],
      impact: [{ asset: 'PEPE', twoPercentDepthUsd: '1000' }],
    })
    expect(codes(asset)).toEqual(['UNKNOWN_ASSET'])
    expect(asset.errors![0]!.message).toContain('WETH')
    const rounds = await gql(f.url, CASCADE, { all: true, s: [{ factor: 'ETH', spot: '-0.3' }], rounds: 101 })
    expect(codes(rounds)).toEqual(['OUT_OF_RANGE'])
    const vol = await gql(f.url, CASCADE, { all: true, s: [{ factor: 'ETH', spot: '-0.3', vol: '0.5' }] })
    expect(codes(vol)).toEqual(['BAD_USER_INPUT'])
    const both = await gql(f.url, CASCADE, { all: true, a: [borrower], s: [{ factor: 'ETH', spot: '-0.3' }] })
    expect(codes(both)).toEqual(['BAD_USER_INPUT'])
    const many = Array.from({ length: 10_001 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, '0')}`)
    // Over HTTP the work budget refuses it first (2 units per named wallet); the cap holds without it.
    const tooMany = await gql(f.url, CASCADE, { a: many, s: [{ factor: 'ETH', spot: '-0.3' }] })
    expect(codes(tooMany)).toEqual(['QUERY_TOO_COSTLY'])
    await expect(selectWallets(f.store, { addresses: many })).rejects.toMatchObject({
      code: 'TOO_MANY_ADDRESSES',
    })
  })

  it('coverTwo: the two largest losses beyond margin under the worst scenario', async () => {
    // ETH −50% → 1,500. Unhedged Aave account: 15,000 of WETH against 19,000 USDC: short 4,000.
    // Hedged Aave account: 15,000 against 18,000: short 3,000 (its Perp account on 42161 gains).
    // The risky Perp account: 5,000 USDC against a 15,000 loss: short 10,000. Cover-2 = 14,000.
    const res = await gql<{
      coverTwo: { fund: string; scenario: string; largest: { wallet: string; loss: string }[] }
    }>(
      f.url,
      `query { coverTwo(all: true, scenarios: [CRYPTO_CRASH], custom: [{ name: "eth-half", shocks: [{ factor: "ETH", spot: "-0.5" }] }]) {
        fund scenario largest { wallet loss } } }`,
    )
    expect(res.errors).toBeUndefined()
    expect(res.data!.coverTwo).toEqual({
      fund: '14000.000000',
      scenario: 'eth-half',
      largest: [
        { wallet: wallets.risky.toLowerCase(), loss: '10000.000000' },
        { wallet: borrower.toLowerCase(), loss: '4000.000000' },
      ],
    })
  })
})
