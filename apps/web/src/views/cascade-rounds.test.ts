import { describe, expect, it } from 'vitest'
import type { CascadeResult, CascadeRound } from '../api/documents.js'
import { cascadeRoundRows, formatMove, multiplierMove } from './cascade-rounds.js'

const venue = (
  venue: 'AAVE_V3' | 'MORPHO_BLUE',
  chainId: number,
  seized: string,
  repaid: string,
  n: number,
) => ({
  venue,
  chainId,
  liquidations: n,
  collateralSeizedValue: seized,
  debtRepaidValue: repaid,
  badDebt: '0',
})

const round = (r: number, eth: string, weth: string, byVenue: CascadeRound['byVenue']): CascadeRound => ({
  round: r,
  multipliers: [
    { factor: 'BTC', multiplier: '0.8' },
    { factor: 'ETH', multiplier: eth },
  ],
  prices: [
    { asset: 'WBTC', price: '48000' },
    { asset: 'WETH', price: weth },
  ],
  byVenue,
  badDebt: r === 1 ? '207.141234' : '0',
  walletsHit: byVenue.reduce((n, v) => n + v.liquidations, 0),
  unmodelled: [],
})

const regime = { wallets: 3, walletsSurviving: 3, walletsLiquidated: 0, liquidatedValue: '0' }

/** Two rounds, ETH with a market (WETH) and BTC without one. */
const cascade: CascadeResult = {
  wallets: 3,
  scenario: 'custom',
  fixedPoint: true,
  maxRounds: 20,
  reasons: [],
  shock: [
    { factor: 'BTC', multiplier: '0.8' },
    { factor: 'ETH', multiplier: '0.75' },
  ],
  markets: [{ factor: 'ETH', asset: 'WETH' }],
  rounds: [
    round(1, '0.75', '2250', [
      // Sums past a float's 15–17 digits: exact only on the digits.
      venue('AAVE_V3', 1, '9007199254740993.000001', '1.000001', 2),
      venue('MORPHO_BLUE', 8453, '0.000002', '2.5', 1),
    ]),
    round(2, '0.739583333', '2218.749999', []),
  ],
  end: {
    liquidations: 3,
    totalLiquidated: '9007199254740993.000003',
    totalRepaid: '3.500001',
    badDebt: '207.141234',
    walletsHit: 3,
    multipliers: [{ factor: 'ETH', multiplier: '0.739583333' }],
  },
  comparison: { isolated: regime, portfolio: regime },
}

describe('cascadeRoundRows()', () => {
  it("gives each round's factor moves, market prices, venue counts and exact sums of the API's strings", () => {
    const rows = cascadeRoundRows(cascade, new Map([[1, 'ethereum']]))
    expect(rows).toEqual([
      {
        round: 1,
        factors: [
          { factor: 'BTC', multiplier: '0.8', move: '-20', asset: null, price: null },
          { factor: 'ETH', multiplier: '0.75', move: '-25', asset: 'WETH', price: '2250' },
        ],
        venues: [
          { label: 'aave-v3 · ethereum', liquidations: 2 },
          { label: 'morpho-blue · chain 8453', liquidations: 1 },
        ],
        liquidations: 3,
        walletsHit: 3,
        seized: '9007199254740993.000003',
        repaid: '3.500001',
        badDebt: '207.141234',
      },
      {
        round: 2,
        factors: [
          { factor: 'BTC', multiplier: '0.8', move: '-20', asset: null, price: null },
          {
            factor: 'ETH',
            multiplier: '0.739583333',
            move: '-26.0416667',
            asset: 'WETH',
            price: '2218.749999',
          },
        ],
        venues: [],
        liquidations: 0,
        walletsHit: 0,
        seized: '0',
        repaid: '0',
        badDebt: '0',
      },
    ])
  })

  it('shows moves signed to the basis point', () => {
    expect(formatMove(multiplierMove('0.739583333'))).toBe('-26.04%')
    expect(formatMove(multiplierMove('1.031'))).toBe('+3.10%')
    expect(formatMove(multiplierMove('1'))).toBe('0.00%')
  })
})
