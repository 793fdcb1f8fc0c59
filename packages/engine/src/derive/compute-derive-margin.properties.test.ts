import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { computeDeriveMargin } from './compute-derive-margin.js'
import { deriveMainnetParams, deriveMainnetScenarios } from './mainnet-params.js'
import type { DeriveMarginInput, DeriveMarginResult } from './types.js'

const day = 86_400
const expiryTimes = [2 * day, 30 * day, 90 * day]

/** Sizes on a 0.01 grid, so that scaling a size never underflows to 0. */
const hundredths = (min: number, max: number) =>
  fc.integer({ min: min * 100, max: max * 100 }).map((n) => n / 100)

/** A random ETH-like book on Derive's mainnet parameters and scenarios. */
const book: fc.Arbitrary<DeriveMarginInput> = fc
  .record({
    spot: fc.double({ min: 1500, max: 2500, noNaN: true }),
    stablePrice: fc.double({ min: 0.95, max: 1.01, noNaN: true }),
    cash: fc.double({ min: -20_000, max: 50_000, noNaN: true }),
    slices: fc.tuple(
      ...expiryTimes.map(() =>
        fc.record({
          // w ≥ a + b·σ·√(1 − ρ²) > 0 for every k
          a: fc.double({ min: 0.0005, max: 0.05, noNaN: true }),
          b: fc.double({ min: 0, max: 0.3, noNaN: true }),
          rho: fc.double({ min: -0.7, max: 0.7, noNaN: true }),
          m: fc.double({ min: -0.2, max: 0.2, noNaN: true }),
          sigma: fc.double({ min: 0.05, max: 0.5, noNaN: true }),
          rate: fc.double({ min: -0.02, max: 0.1, noNaN: true }),
          confidence: fc.double({ min: 0.3, max: 1, noNaN: true }),
        }),
      ),
    ),
    options: fc.array(
      fc.record({
        expiry: fc.constantFrom(...expiryTimes),
        moneyness: fc.constantFrom(0.6, 0.8, 0.95, 1, 1.05, 1.25, 1.6),
        isCall: fc.boolean(),
        amount: hundredths(-5, 5),
      }),
      { maxLength: 6 },
    ),
    perp: fc.option(
      fc.record({
        amount: hundredths(-5, 5),
        confidence: fc.double({ min: 0.3, max: 1, noNaN: true }),
      }),
    ),
    collaterals: fc.array(
      fc.record({
        name: fc.constantFrom('WETH', 'WEETH', 'USDT'),
        amount: hundredths(0, 10),
        isRiskCancelling: fc.boolean(),
        confidence: fc.double({ min: 0.3, max: 1, noNaN: true }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ spot, stablePrice, cash, slices, options, perp, collaterals }) => ({
    spot: { price: spot, confidence: 1 },
    stablePrice,
    stableConfidence: 1,
    cash,
    perp: perp
      ? { amount: perp.amount, price: spot * 1.001, confidence: perp.confidence, unrealisedValue: -50 }
      : undefined,
    options: options.map((o) => ({
      expiry: o.expiry,
      strike: Math.round(spot * o.moneyness),
      isCall: o.isCall,
      amount: o.amount,
    })),
    expiries: expiryTimes.map((expiry, i) => {
      const slice = slices[i]!
      const tau = expiry / (365 * day)
      return {
        expiry,
        forwardFixed: 0,
        forwardVariable: spot * 1.002,
        forwardConfidence: slice.confidence,
        rate: slice.rate,
        rateConfidence: 1,
        volConfidence: 1,
        svi: {
          a: slice.a,
          b: slice.b,
          rho: slice.rho,
          m: slice.m,
          sigma: slice.sigma,
          forward: spot * 1.002,
          tau,
        },
      }
    }),
    collaterals: collaterals.map((c) => ({
      ...c,
      price: c.name === 'USDT' ? 1 : spot,
      MMHaircut: 0.02,
      IMHaircut: 0.01,
    })),
    scenarios: deriveMainnetScenarios,
    params: deriveMainnetParams,
  }))

function scaled(input: DeriveMarginInput, factor: number): DeriveMarginInput {
  return {
    ...input,
    cash: input.cash * factor,
    perp: input.perp && {
      ...input.perp,
      amount: input.perp.amount * factor,
      unrealisedValue: input.perp.unrealisedValue * factor,
    },
    options: input.options.map((o) => ({ ...o, amount: o.amount * factor })),
    collaterals: input.collaterals.map((c) => ({ ...c, amount: c.amount * factor })),
  }
}

function expectClose(actual: number, expected: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(expected)))
}

describe('computeDeriveMargin() properties on mainnet parameters', () => {
  it('requires at least as much for IM as for MM, and MM ≥ 0 (requirement = mtm − figure)', () => {
    fc.assert(
      fc.property(book, (input) => {
        const result = computeDeriveMargin(input)
        const imRequirement = result.mtm - result.im
        const mmRequirement = result.mtm - result.mm
        expect(mmRequirement).toBeGreaterThanOrEqual(-1e-9)
        expect(imRequirement).toBeGreaterThanOrEqual(mmRequirement - 1e-9)
      }),
      { numRuns: 150 },
    )
  })

  it('scales every figure linearly with the size of the whole book', () => {
    fc.assert(
      fc.property(book, fc.double({ min: 0.1, max: 10, noNaN: true }), (input, factor) => {
        const base = computeDeriveMargin(input)
        const big = computeDeriveMargin(scaled(input, factor))
        for (const key of ['im', 'mm', 'mtm', 'optionMtm', 'collateralMtm', 'basisContingency'] as const) {
          expectClose(big[key], base[key] * factor)
        }
        for (const [i, pnl] of base.scenarioPnl.entries()) expectClose(big.scenarioPnl[i]!, pnl * factor)
      }),
      { numRuns: 100 },
    )
  })

  it('does not depend on the order of options, collaterals or expiries', () => {
    fc.assert(
      fc.property(book, fc.func(fc.double({ noNaN: true })), (input, key) => {
        const shuffle = <T>(items: readonly T[]): T[] =>
          items
            .map((item, i) => ({ item, k: key(i) }))
            .sort((x, y) => x.k - y.k)
            .map(({ item }) => item)
        const permuted: DeriveMarginInput = {
          ...input,
          options: shuffle(input.options),
          collaterals: shuffle(input.collaterals),
          expiries: shuffle(input.expiries),
        }
        const expected: DeriveMarginResult = computeDeriveMargin(input)
        expect(computeDeriveMargin(permuted)).toEqual(expected)
      }),
      { numRuns: 100 },
    )
  })
})
