import { describe, expect, it } from 'vitest'
import { InvalidPriceHistoryError } from './errors.js'
import { priceHistoryFromRounds } from './price-history-from-rounds.js'

const DAY = 86_400
const r = (updatedAt: number, dollars: number) => ({
  updatedAt,
  answer: BigInt(dollars) * 10n ** 8n,
  decimals: 8,
})

describe('priceHistoryFromRounds()', () => {
  it('takes the last round at or before each grid time (the close), rounds in any order', () => {
    const history = priceHistoryFromRounds({
      rounds: {
        ETH: [r(DAY + 10, 2100), r(0, 2000), r(DAY, 2050), r(2 * DAY + 1, 1900)],
        BTC: [r(100, 40_000), r(2 * DAY, 41_000)],
      },
      from: DAY,
      to: 3 * DAY,
      periodSeconds: DAY,
    })
    expect(history.times).toEqual([DAY, 2 * DAY, 3 * DAY])
    expect(history.prices.ETH).toEqual([2050, 2100, 1900])
    expect(history.prices.BTC).toEqual([40_000, 41_000, 41_000])
  })

  it('refuses a grid time before the first round, and a feed that stopped (older than maxAge)', () => {
    expect(() =>
      priceHistoryFromRounds({ rounds: { ETH: [r(DAY, 1)] }, from: 0, to: DAY, periodSeconds: DAY }),
    ).toThrow(/no round at or before 0/)
    expect(() =>
      priceHistoryFromRounds({ rounds: { ETH: [r(0, 1)] }, from: DAY, to: 4 * DAY, periodSeconds: DAY }),
    ).toThrow(InvalidPriceHistoryError)
    expect(
      priceHistoryFromRounds({
        rounds: { ETH: [r(0, 1)] },
        from: DAY,
        to: 4 * DAY,
        periodSeconds: DAY,
        maxAgeSeconds: 5 * DAY,
      }).prices.ETH,
    ).toEqual([1, 1, 1, 1])
  })
})
