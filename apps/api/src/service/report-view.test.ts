import type { Position as CorePosition, Price as CorePrice } from '@xmargin/core'
import { computeMargin } from '@xmargin/engine'
import { describe, expect, it } from 'vitest'
import { summarizeReport } from '../engine/engine-task.js'
import type { ChainFreshness } from './chain-freshness.js'
import { toReportSummary, toReportView } from './report-view.js'

const wallet = '0x00000000000000000000000000000000000000aa'
const now = 1_800_000_000
const position = (asset: string, kind: 'spot' | 'debt', amount: bigint, decimals: number): CorePosition => ({
  id: `1:aave-v3:${wallet}:${asset}:${kind}`,
  chainId: 1,
  venue: 'aave-v3',
  wallet,
  blockNumber: 10n,
  asset,
  amount,
  decimals,
  kind,
})
const price = (asset: string, usd: bigint, updatedAt: number): CorePrice => ({
  asset,
  chainId: 1,
  value: usd * 10n ** 8n,
  decimals: 8,
  updatedAt,
  source: `test:${asset}`,
})
const chain: ChainFreshness = {
  chainId: 1,
  name: 'ethereum',
  blockNumber: 10n,
  indexedBlock: 10n,
  cutTime: now,
  blockHash: `0x${'ab'.repeat(32)}`,
  timestamp: now - 12,
  ageSeconds: 12,
  lagBlocks: 0n,
  headBlock: 10n,
  finalizedBlock: 0n,
  stale: false,
  state: 'LIVE',
  staleReasons: [],
}
const parameterSet = { id: 'static', model: 'static' as const, window: null, asOf: [] }

/** The summary's fields picked from the full view. */
const picked = (view: ReturnType<typeof toReportView>) => ({
  status: view.status,
  statusReasons: view.statusReasons,
  health: view.health,
  healthValue: view.healthValue,
  freshness: view.freshness,
  oldestPriceAgeSeconds:
    view.prices.length === 0 ? null : Math.max(...view.prices.map((price) => price.ageSeconds)),
})

describe('toReportSummary() of summarizeReport()', () => {
  const books = {
    'a levered book': [
      position('WETH', 'spot', 10n ** 18n, 18),
      position('USDC', 'debt', 1_500n * 10n ** 6n, 6),
    ],
    'a book without liabilities (health null)': [position('WETH', 'spot', 10n ** 18n, 18)],
    'an empty book': [],
    'a book with an unpriced asset (engine reasons)': [
      position('WETH', 'spot', 10n ** 18n, 18),
      position('WBTC', 'debt', 10n ** 6n, 8),
    ],
  }
  for (const [name, positions] of Object.entries(books))
    for (const reasons of [[], ['stale-chain:1']])
      it(`equals the full view's status, reasons, health and freshness: ${name}, reasons [${reasons}]`, () => {
        const report = computeMargin({
          positions,
          prices: [price('WETH', 3000n, now - 60), price('USDC', 1n, now - 100)],
          now,
          liquidationPrices: false,
          isolated: false,
        })
        const summary = toReportSummary({ report: summarizeReport(report), freshness: [chain], reasons })
        expect(summary).toEqual(
          picked(toReportView({ report, positions, freshness: [chain], reasons, parameterSet })),
        )
        expect(summary.status).toBe(
          reasons.length > 0 || report.statusReasons.length > 0 ? 'UNKNOWN' : report.status,
        )
      })

  it("maps a request's chains once: every wallet of a batch shares the freshness views", () => {
    const freshness = [chain]
    const summaries = [1n, 2n].map((eth) => {
      const positions = [position('WETH', 'spot', eth * 10n ** 18n, 18)]
      const report = computeMargin({ positions, prices: [price('WETH', 3000n, now)], now })
      return toReportSummary({ report: summarizeReport(report), freshness, reasons: [] })
    })
    expect(summaries[0]!.freshness).toBe(summaries[1]!.freshness)
    expect(summaries[0]!.freshness).toEqual([
      expect.objectContaining({ chainId: 1, blockNumber: 10n, stale: false }),
    ])
  })
})
