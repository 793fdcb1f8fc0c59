import type { MorphoMarketContext, Position } from '@xmargin/core'
import { defaultRiskParameters } from '@xmargin/core'
import { describe, expect, it } from 'vitest'
import { prepareInputs } from '../prepare-inputs.js'
import { ethCurve, walletAddress } from '../testing/cascade-fixtures.js'
import { debt, NOW, PRICES, supply } from '../testing/fixtures.js'
import { simulateCascade } from './cascade.js'

// Two borrowers of one Morpho Blue market that has accrued interest (1,234,567.890123 USDC for 1.2e18
// shares). Worked by hand with SharesMathLib (virtual shares 1e6, virtual assets 1):
// A: 1.3e16 shares (toAssetsUp = 13,374,485,477), 7 WETH; at 2,200 repaid in full → the market is left
//    at 1,221,193,404,646 assets for 1.187e18 shares (toAssetsUp rounded the repayment up).
// B: 27,182,818,284,590,452 shares, 14 WETH: toAssetsUp on the round's starting totals = 27,965,862,182,
//    on the totals A's call left = 27,965,862,181: what B's liquidator pays on chain.
const lltv = 860_000_000_000_000_000n
const totals = { totalBorrowAssets: 1_234_567_890_123n, totalBorrowShares: 1_200_000_000_000_000_000n }

function borrower(i: number, weth: number, borrowShares: bigint, owed: bigint): Position[] {
  const market: MorphoMarketContext = { market: '0xaa', lltv, borrowShares, ...totals }
  const at = { venue: 'morpho-blue', wallet: walletAddress(i) }
  return [
    { ...supply('WETH', weth, { ...at, id: `${i}:weth` }), morpho: { market: '0xaa', lltv } } as Position,
    { ...debt('USDC', 0, { ...at, id: `${i}:usdc`, decimals: 6 }), amount: owed, morpho: market } as Position,
  ]
}

describe('simulateCascade() on one Morpho Blue market', () => {
  it('converts each call at the borrow totals the previous call in the market left, as the chain does', () => {
    const positions = [
      ...borrower(0, 7, 13_000_000_000_000_000n, 13_374_485_477n),
      ...borrower(1, 14, 27_182_818_284_590_452n, 27_965_862_182n),
    ]
    const { book } = prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW })
    const result = simulateCascade({
      book,
      shock: { ETH: 2200 / 3000 },
      impact: { ETH: ethCurve(1_000_000) },
      maxRounds: 1,
    })
    const [a, b] = result.rounds[0]!.liquidations
    expect(a!.repaid.amount).toBe(13_374_485_477n)
    expect(b!.repaid.amount).toBe(27_965_862_181n)
    // the book carries the market's final totals: both accounts repaid in full, nothing owed
    const debts = result.book.positions.filter((p) => p.position.kind === 'debt')
    expect(debts.map((p) => p.position.kind === 'debt' && p.position.amount)).toEqual([0n, 0n])
  })
})
