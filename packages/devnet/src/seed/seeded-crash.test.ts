import { type Address, defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import { backtestBook, calibrateChain, type PriceHistory } from '@xmargin/engine'
import { describe, expect, it } from 'vitest'
import { historyRegimes, seededPricePaths } from './price-paths.js'

// The devnet's default history: `pnpm devnet --history-days 365`, seed 14.
const DAYS = 365
const paths = seededPricePaths({ days: DAYS, seed: 14 })
const { calm, crash } = historyRegimes(DAYS)
const start = 1_700_000_000 - (1_700_000_000 % 86_400)
const until = (count: number): PriceHistory => ({
  times: paths.ETH.slice(0, count).map((_, i) => start + i * 86_400),
  prices: { BTC: paths.BTC.slice(0, count), ETH: paths.ETH.slice(0, count), USD: paths.USD.slice(0, count) },
})
const scans = (c: ReturnType<typeof calibrateChain>[number]) => ({
  ETH: c.parameters.factors.ETH!.scan,
  BTC: c.parameters.factors.BTC!.scan,
})

// A leveraged long: 10 WETH against 24,000 USDC of debt, at the devnet's prices (WETH $3,000).
const wallet: Address = '0x00000000000000000000000000000000000000a1'
const now = start + (DAYS - 1) * 86_400
const common = { chainId: 1, venue: 'wallet', wallet, blockNumber: 1n }
const book: Position[] = [
  {
    ...common,
    id: '1:wallet:WETH:spot',
    asset: 'WETH',
    kind: 'spot',
    amount: 10n * 10n ** 18n,
    decimals: 18,
  },
  {
    ...common,
    id: '1:wallet:USDC:debt',
    asset: 'USDC',
    kind: 'debt',
    amount: 24_000n * 10n ** 6n,
    decimals: 6,
  },
]
const price = (asset: string, usd: bigint): Price => ({
  asset,
  chainId: 1,
  value: usd * 10n ** 8n,
  decimals: 8,
  updatedAt: now,
  source: `feed:${asset}`,
})
const prices = [price('WETH', 3000n), price('USDC', 1n)]

describe('the seeded devnet crash (365 days, seed 14)', () => {
  it('raises the ETH and BTC scan ranges on the calibration after its first large day', () => {
    // The crash regime starts at day `calm`; its first large move is the day after (ETH −13.8%, BTC −18.3%).
    const firstLarge = calm + 1
    expect(Math.log(paths.ETH[firstLarge]! / paths.ETH[firstLarge - 1]!)).toBeLessThan(-0.1)
    // The published chain of 90-day calibrations up to that close: the last link against the one before.
    const chain = calibrateChain({ history: until(firstLarge + 1), window: 90, base: defaultRiskParameters })
    const before = scans(chain.at(-2)!)
    const after = scans(chain.at(-1)!)
    expect(after.ETH).toBeGreaterThan(1.5 * before.ETH) // 8.4% → 13.3%
    expect(after.BTC).toBeGreaterThan(2 * before.BTC) // 6.4% → 15.8%
  })

  it('backtests the leveraged book static against dynamic: dynamic is beaten on the first crash day, covers the later ones better (why the issue’s “fewer exceptions” does not hold)', () => {
    const run = (kind: 'static' | 'dynamic', margin: 'initial' | 'maintenance') =>
      backtestBook({
        positions: book,
        prices,
        history: until(DAYS),
        confidence: 0.99,
        margin,
        days: 250,
        parameters:
          kind === 'static'
            ? { kind, params: defaultRiskParameters }
            : { kind, base: defaultRiskParameters, lookback: 90 },
      })
    const day = (t: number) => t - (DAYS - 250) // index of day t's P&L (held against day t − 1's margin)
    const exceptionDays = (r: ReturnType<typeof run>) =>
      r.pnl.flatMap((p, i) => (-p > r.margin[i]! ? [i + DAYS - 250] : []))
    const staticIm = run('static', 'initial')
    const dynamicIm = run('dynamic', 'initial')
    // Against IM: static 1 exception (the −26% day), dynamic 2 (that day and the first large one).
    expect(exceptionDays(staticIm)).toEqual([calm + 7])
    expect(exceptionDays(dynamicIm)).toEqual([calm + 1, calm + 7])
    // The first large crash day meets a dynamic IM calibrated on calm days: 59% of the static IM.
    const onset = day(calm + 1)
    expect(dynamicIm.margin[onset]! / staticIm.margin[onset]!).toBeLessThan(0.6)
    // From the crash's sixth day to its end, the dynamic IM held (set at the close before) is above
    // the static one: the EWMA has caught up, and the static IM shrinks with the book's value.
    for (let t = calm + 5; t < calm + crash; t++) {
      expect(dynamicIm.margin[day(t)]!).toBeGreaterThan(staticIm.margin[day(t)]!)
    }
    // Against MM: static 4, dynamic 3 — the same onset day for both, then fewer for dynamic.
    expect(exceptionDays(run('static', 'maintenance'))).toEqual([calm + 1, calm + 4, calm + 7, calm + 9])
    expect(exceptionDays(run('dynamic', 'maintenance'))).toEqual([calm + 1, calm + 4, calm + 7])
  })
})
