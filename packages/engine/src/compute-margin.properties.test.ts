import {
  defaultRiskParameters,
  defineRiskParameters,
  type Position,
  type RiskParameters,
} from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeMargin } from './compute-margin.js'
import type { ModelName } from './models/model.js'
import type { MarginReport } from './report.js'
import {
  bookArbitrary,
  collateralArbitrary,
  NOW,
  PRICES,
  perp,
  spot,
  VOLATILITIES,
} from './testing/fixtures.js'

const esParams: RiskParameters = defineRiskParameters({
  ...defaultRiskParameters,
  es: { ...defaultRiskParameters.es, paths: 2_000 },
})

function run(
  positions: readonly Position[],
  model: ModelName = 'portfolio',
  extra: { liquidationPrices?: boolean } = {},
) {
  return computeMargin({
    positions,
    prices: PRICES,
    volatilities: VOLATILITIES,
    now: NOW,
    model,
    params: model === 'es' ? esParams : defaultRiskParameters,
    liquidationPrices: extra.liquidationPrices ?? false,
  })
}

const serialize = (report: MarginReport) =>
  JSON.stringify(report, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))

const MODELS: { model: ModelName; runs: number }[] = [
  { model: 'portfolio', runs: 300 },
  { model: 'standard', runs: 300 },
  { model: 'es', runs: 40 },
]

const close = (a: number, b: number, relative = 1e-9) =>
  expect(Math.abs(a - b)).toBeLessThanOrEqual(relative * Math.max(1, Math.abs(a), Math.abs(b)))

describe.each(MODELS)('computeMargin() invariants, model $model', ({ model, runs }) => {
  it('IM ≥ MM ≥ 0', () => {
    fc.assert(
      fc.property(bookArbitrary, (book) => {
        const report = run(book, model)
        expect(report.maintenanceMargin).toBeGreaterThanOrEqual(0)
        expect(report.initialMargin).toBeGreaterThanOrEqual(report.maintenanceMargin - 1e-9)
      }),
      { numRuns: runs },
    )
  })

  it('the per-position contributions sum to IM (and MM)', () => {
    fc.assert(
      fc.property(bookArbitrary, (book) => {
        const report = run(book, model)
        let im = 0
        let mm = 0
        for (const p of report.positions) {
          im += p.initialMargin
          mm += p.maintenanceMargin
        }
        close(im, report.initialMargin)
        close(mm, report.maintenanceMargin)
      }),
      { numRuns: runs },
    )
  })

  it('a deposit never lowers E − MM', () => {
    fc.assert(
      fc.property(bookArbitrary, collateralArbitrary, (book, extra) => {
        const before = run(book, model)
        const after = run([...book, { ...extra, id: `${extra.id}-added` }], model)
        const surplus = (r: MarginReport) => r.equity - r.maintenanceMargin
        const b = surplus(before)
        expect(surplus(after)).toBeGreaterThanOrEqual(b - 1e-9 * Math.max(1, Math.abs(b)))
      }),
      { numRuns: runs },
    )
  })

  it('permuting positions gives a bit-identical report', () => {
    fc.assert(
      fc.property(
        bookArbitrary.chain((book) =>
          fc.tuple(
            fc.constant(book),
            fc.shuffledSubarray(book, { minLength: book.length, maxLength: book.length }),
          ),
        ),
        ([book, shuffled]) => {
          expect(serialize(run(shuffled, model, { liquidationPrices: model !== 'es' }))).toBe(
            serialize(run(book, model, { liquidationPrices: model !== 'es' })),
          )
        },
      ),
      { numRuns: Math.ceil(runs / 3) },
    )
  })
})

describe('computeMargin() cross-margining', () => {
  it('a perfect hedge across two chains needs no more than the isolated sum, strictly less when legs offset', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0.1, max: 300, noNaN: true }),
        fc.constantFrom(['WETH', 'ETH', 3000] as const, ['WBTC', 'BTC', 60_000] as const),
        fc.constantFrom(1, 10),
        fc.constantFrom(42161, 8453),
        fc.constantFrom<ModelName>('portfolio', 'standard', 'es'),
        (size, [asset, underlying, entry], spotChain, perpChain, model) => {
          const report = run(
            [
              spot(asset, size, { chainId: spotChain }),
              perp(underlying, -size, entry, { chainId: perpChain }),
            ],
            model,
          )
          expect(report.initialMargin).toBeLessThanOrEqual(report.isolated.initialMargin + 1e-9)
          expect(report.maintenanceMargin).toBeLessThanOrEqual(report.isolated.maintenanceMargin + 1e-9)
          if (model !== 'standard') {
            // The standard model nets only inside one market: no cross-chain benefit, by design.
            expect(report.isolated.capitalSaved).toBeGreaterThan(0)
          } else {
            close(report.isolated.capitalSaved, 0)
          }
        },
      ),
      { numRuns: 60 },
    )
  })

  it('scaling a linear book without tiered haircuts scales IM linearly', () => {
    const flat = defineRiskParameters({
      ...defaultRiskParameters,
      assets: Object.fromEntries(
        Object.entries(defaultRiskParameters.assets).map(([asset, p]) => [
          asset,
          { ...p, haircuts: [{ ...p.haircuts[0]!, upToUsd: null }] },
        ]),
      ),
    })
    const linear = bookArbitrary
      .map((book) => book.filter((p) => p.kind !== 'option'))
      .filter((book) => book.length > 0)
    fc.assert(
      fc.property(linear, fc.integer({ min: 2, max: 50 }), (book, k) => {
        const scale = BigInt(k)
        const scaled = book.map((p): Position => {
          if (p.kind === 'perp')
            return {
              ...p,
              amount: p.amount * scale,
              funding: { ...p.funding, value: p.funding.value * scale },
            }
          return { ...p, amount: p.amount * scale } as Position
        })
        const base = computeMargin({
          positions: book,
          prices: PRICES,
          now: NOW,
          params: flat,
          liquidationPrices: false,
        })
        const big = computeMargin({
          positions: scaled,
          prices: PRICES,
          now: NOW,
          params: flat,
          liquidationPrices: false,
        })
        close(big.initialMargin, k * base.initialMargin, 1e-9)
        close(big.maintenanceMargin, k * base.maintenanceMargin, 1e-9)
      }),
      { numRuns: 200 },
    )
  })
})
