import { type Address, defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import {
  type BacktestBookReturnType,
  backtestBook,
  baselBacktestObservations,
  type PriceHistory,
} from '@xmargin/engine'
import { seededPricePaths } from './price-paths.js'

/** Days a backtest holds the book: the API's default (Basel's 250 observations at 99%). */
export const SEEDED_BACKTEST_DAYS = baselBacktestObservations

/** The first close of every seeded history here: a UTC midnight (2023-11-14). */
const START = 1_700_000_000 - (1_700_000_000 % 86_400)

/** Parameters of {@link seededHistory}. */
export type SeededHistoryParameters = { days: number; seed: number }

/**
 * The devnet's seeded history (`seededPricePaths`, what `pnpm devnet --history-days` writes) as the
 * engine's `PriceHistory`: ETH, BTC and USD daily closes on a UTC-midnight grid.
 *
 * @example
 * const history = seededHistory({ days: 615, seed: 14 })
 * history.times.length // 615
 */
export function seededHistory(parameters: SeededHistoryParameters): PriceHistory {
  const paths = seededPricePaths(parameters)
  return {
    times: paths.ETH.map((_, i) => START + i * 86_400),
    prices: { BTC: paths.BTC, ETH: paths.ETH, USD: paths.USD },
  }
}

/** Parameters of {@link backtestSeededBook}. */
export type BacktestSeededBookParameters = {
  history: PriceHistory
  /** `static`: the default risk parameters; `dynamic`: recalibrated daily on `lookback` closes. */
  kind: 'static' | 'dynamic'
  margin: 'initial' | 'maintenance'
  /** Dynamic only: daily closes per calibration. */
  lookback?: number | undefined
}

/** Return type of {@link backtestSeededBook}. */
export type BacktestSeededBookReturnType = BacktestBookReturnType & {
  /** Index in the history of each day whose loss exceeded the margin held for it. */
  exceptionDays: number[]
}

/**
 * The leveraged book of the seeded-crash checks, 10 WETH against 24,000 USDC of debt at WETH $3,000
 * (equity $6,000), backtested at 99% over the last {@link SEEDED_BACKTEST_DAYS} days of `history`:
 * each day's P&L against the previous day's IM or MM, static or dynamic.
 *
 * @example
 * const r = backtestSeededBook({ history: seededHistory({ days: 615, seed: 14 }), kind: 'dynamic', margin: 'initial', lookback: 365 })
 * r.exceptionDays // [369]: the crash's first day
 */
export function backtestSeededBook(parameters: BacktestSeededBookParameters): BacktestSeededBookReturnType {
  const { history, kind, margin, lookback = 90 } = parameters
  const now = history.times.at(-1)!
  const wallet: Address = '0x00000000000000000000000000000000000000a1'
  const common = { chainId: 1, venue: 'wallet', wallet, blockNumber: 1n }
  const positions: Position[] = [
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
  const result = backtestBook({
    positions,
    prices: [price('WETH', 3000n), price('USDC', 1n)],
    history,
    confidence: 0.99,
    margin,
    days: SEEDED_BACKTEST_DAYS,
    parameters:
      kind === 'static'
        ? { kind, params: defaultRiskParameters }
        : { kind, base: defaultRiskParameters, lookback },
  })
  const first = history.times.length - SEEDED_BACKTEST_DAYS
  const exceptionDays = result.pnl.flatMap((p, i) => (-p > result.margin[i]! ? [first + i] : []))
  return { ...result, exceptionDays }
}
