import { defaultRiskParameters, type Position } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { prepareInputs } from '../prepare-inputs.js'
import { borrowerPositions, borrowersBook, ethCurve, walletAddress } from '../testing/cascade-fixtures.js'
import { NOW, PRICES, perp, spot } from '../testing/fixtures.js'
import { simulateCascade } from './cascade.js'
import { coverTwo } from './cover-two.js'
import { InvalidCascadeParametersError } from './errors.js'

describe('coverTwo()', () => {
  // Three Aave borrowers with 10 WETH each (3,000) and 18,000 / 16,000 / 5,000 USDC, and one
  // Morpho borrower with 5 WETH and 9,000 USDC.
  const book = borrowersBook([
    { weth: 10, usdc: 18_000 },
    { weth: 10, usdc: 16_000 },
    { weth: 10, usdc: 5_000 },
    { weth: 5, usdc: 9_000, venue: 'morpho-blue' },
  ])

  it('sums the two largest losses beyond margin of the worst scenario', () => {
    // ETH −50% → 1,500: losses 18,000 − 15,000 = 3,000; 16,000 − 15,000 = 1,000; 0; 9,000 − 7,500 = 1,500.
    //   Two largest: 3,000 + 1,500 = 4,500.
    // ETH −60% → 1,200: 6,000; 4,000; 0; 9,000 − 6,000 = 3,000 → 6,000 + 4,000 = 10,000: the fund.
    const result = coverTwo({
      book,
      scenarios: [
        { name: 'ETH -50%', shock: { ETH: 0.5 } },
        { name: 'ETH -60%', shock: { ETH: 0.4 } },
      ],
    })
    expect(result.byScenario[0]!.total).toBeCloseTo(4_500, 6)
    expect(result.byScenario[0]!.largest.map((l) => l.rule)).toEqual(['aave-v3', 'morpho-blue'])
    expect(result.scenario).toBe('ETH -60%')
    expect(result.fund).toBeCloseTo(10_000, 6)
    expect(result.largest.map((l) => l.wallet)).toEqual([walletAddress(0), walletAddress(1)])
  })

  it('is zero when every account covers its liabilities, and refuses empty or unknown scenarios', () => {
    expect(coverTwo({ book, scenarios: [{ name: 'none', shock: {} }] }).fund).toBe(0)
    expect(() => coverTwo({ book, scenarios: [] })).toThrow(InvalidCascadeParametersError)
    expect(() => coverTwo({ book, scenarios: [{ name: 'x', shock: { DOGE: 0.5 } }] })).toThrow(
      InvalidCascadeParametersError,
    )
  })
})

describe('simulateCascade() on Perp v2', () => {
  it('closes a failing Perp v2 account with its penalty, sells nothing, and stops once the position is gone', () => {
    // 10 ETH long from 3,000 with 2,000 USDC: at 2,700 the account value is 2,000 − 3,000 = −1,000 < 6.25%.
    // The close: 10 ETH at the index 2,700 = 27,000 notional; penalty mulRatio(27,000e18, 25,000) = 675e18;
    // the account is left at −1,000 − 675 = −1,675: bad debt for the insurance fund.
    const positions: Position[] = [
      perp('ETH', 10, 3000, { id: 'perp' }),
      spot('USDC', 2_000, { venue: 'perp', decimals: 6, id: 'vault' }),
      ...borrowerPositions({ weth: 10, usdc: 5_000 }, 1),
    ]
    const perpBook = prepareInputs({
      positions,
      prices: PRICES,
      params: defaultRiskParameters,
      now: NOW,
    }).book
    const result = simulateCascade({
      book: perpBook,
      shock: { ETH: 0.9 },
      impact: { ETH: ethCurve(100) },
      maxRounds: 3,
    })
    const [one, two] = result.rounds
    expect(one!.unmodelled).toEqual([])
    expect(one!.liquidations).toHaveLength(1)
    const close = one!.liquidations[0]!
    expect(close).toMatchObject({ rule: 'perp-v2', chainId: 1, toxic: null })
    expect(close.repaid).toMatchObject({ asset: 'ETH', amount: 10n ** 19n, value: expect.closeTo(27_000, 9) })
    expect(close.seized).toMatchObject({ asset: 'USDC', amount: 675_000_000n, value: expect.closeTo(675, 9) })
    expect(close.perp).toEqual({
      closedSize: -(10n ** 19n),
      closedNotional: 27_000n * 10n ** 18n,
      penalty: 675n * 10n ** 18n,
      exchangeFee: 0n,
      partial: false,
      closedAt: 'index',
    })
    expect(close.badDebt).toBeCloseTo(1_675, 9)
    expect(one!.sales).toEqual([])
    expect(two!.liquidations).toHaveLength(0)
    expect(result.fixedPoint).toBe(true)
    const closed = result.book.positions.find((p) => p.position.id === 'perp')!
    expect(closed.quantity).toBe(0)
    // the account's value moved by the penalty only: −1,000 → −1,675
    const vault = result.book.positions.find((p) => p.position.id === 'vault')!
    expect(vault.quantity + closed.funding).toBeCloseTo(-1_675, 9)
  })
})
