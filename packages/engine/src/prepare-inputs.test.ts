import { defaultRiskParameters, type Position, type Price } from '@xmargin/core'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { prepareInputs } from './prepare-inputs.js'
import { NOW, PRICES, positionArbitrary, price, supply, VOLATILITIES } from './testing/fixtures.js'
import { referencePrepareInputs } from './testing/reference-prepare-inputs.js'

/** Some positions repeat an id; some are huge (past 2^62 raw units); some supplies are not collateral. */
const positions = fc
  .array(
    fc.tuple(
      fc.oneof(
        positionArbitrary,
        fc.constantFrom(0, 6, 18, 24).map((decimals) => supply('WETH', 1, { decimals, collateral: false })),
      ),
      fc.nat(5),
      fc.bigInt({ min: 1n, max: 10n ** 4n }),
      fc.boolean(),
    ),
    { minLength: 1, maxLength: 10 },
  )
  .map((entries) =>
    entries.map(([p, idGroup, scale, huge], i) => {
      const id = idGroup === 0 ? 'same-id' : `${p.id}-${i}`
      return (huge ? { ...p, id, amount: p.amount * scale * 10n ** 3n } : { ...p, id }) as Position
    }),
  )

/** A subset of the feeds (missing prices), some stale, some duplicated, in any order. */
const prices: fc.Arbitrary<Price[]> = fc
  .tuple(
    fc.subarray(PRICES, { minLength: 0 }),
    fc.array(fc.nat(PRICES.length - 1), { maxLength: 3 }),
    fc.array(fc.constantFrom('ETH', 'WETH', 'BTC', 'USDC'), { maxLength: 3 }),
  )
  .chain(([subset, duplicates, extras]) =>
    fc.shuffledSubarray(
      [
        ...subset,
        ...duplicates.map((i) => PRICES[i]!),
        ...extras.map((asset) => price(asset, asset === 'USDC' ? 1 : 3000, 8453, 7200)),
      ],
      { minLength: 0 },
    ),
  )

const shocks = fc.option(
  fc.dictionary(
    fc.constantFrom('ETH', 'BTC', 'USD', 'ARB'),
    fc.record({
      spot: fc.option(fc.double({ min: -0.9, max: 1 }), { nil: undefined }),
      vol: fc.double({ min: -1, max: 2 }),
    }),
  ),
  { nil: undefined },
)

/** No vols, undated flat vols, or vols published at a time (ETH's fresh, BTC's stale, ARB's fresh). */
const volatilities = fc.constantFrom(
  undefined,
  VOLATILITIES,
  VOLATILITIES.map((v, i) => ({ ...v, updatedAt: NOW - (i === 1 ? 7200 : 60), source: `iv:${v.asset}` })),
)

describe('prepareInputs()', () => {
  it('prepares every position bit-identically to the reference preparation', () => {
    fc.assert(
      fc.property(positions, prices, shocks, volatilities, (book, feeds, shock, vols) => {
        const parameters = {
          positions: book,
          prices: feeds,
          volatilities: vols,
          params: defaultRiskParameters,
          now: NOW,
          shocks: shock,
        }
        const ours = prepareInputs(parameters)
        const reference = referencePrepareInputs(parameters)
        expect(ours.book.positions.map(({ feed: _, ...rest }) => rest)).toStrictEqual(
          reference.book.positions,
        )
        for (const p of ours.book.positions) expect(p.feed).toBe(reference.book.rawPrices.get(p.position.id))
        expect(ours.book.factors).toStrictEqual(reference.book.factors)
        expect(ours.book.factorParameters).toStrictEqual(reference.book.factorParameters)
        expect(ours.book.correlation).toStrictEqual(reference.book.correlation)
        expect(ours.missing).toStrictEqual(reference.missing)
        expect(ours.prices).toStrictEqual(reference.prices)
        expect(ours.excluded).toStrictEqual(reference.excluded)
      }),
      { numRuns: 1000 },
    )
  })
})
