import { describe, expect, test } from 'vitest'
import { accrueMorphoInterest, type MorphoMarketTotals, WAD, wTaylorCompounded } from './morpho-interest.js'

describe('wTaylorCompounded()', () => {
  test('three floored Taylor terms of e^(r·t) − 1 (worked by hand)', () => {
    // r·t = 0.1: 0.1 + 0.01/2 + 0.001/6 = 0.1051666…, floored at the third term.
    expect(wTaylorCompounded(WAD / 10n, 1n)).toBe(105_166_666_666_666_666n)
    expect(wTaylorCompounded(WAD / 20n, 2n)).toBe(105_166_666_666_666_666n)
    expect(wTaylorCompounded(0n, 1_000_000n)).toBe(0n)
  })
})

describe('accrueMorphoInterest()', () => {
  const totals: MorphoMarketTotals = {
    totalSupplyAssets: 2_000_000000n,
    totalSupplyShares: 2_000_000000n * 10n ** 6n,
    totalBorrowAssets: 1_000_000000n,
    totalBorrowShares: 1_000_000000n * 10n ** 6n,
    lastUpdate: 1_000n,
    fee: WAD / 10n,
  }

  test('interest on the borrows goes to both sides; the fee is minted as supply shares (worked by hand)', () => {
    // 10% compounded (r·t = 0.1): interest = 1,000 USDC × 0.1051666… = 105.166666 USDC (floored).
    const accrued = accrueMorphoInterest(totals, WAD / 10n, 1_001n)
    expect(accrued.totalBorrowAssets).toBe(1_105_166666n)
    expect(accrued.totalSupplyAssets).toBe(2_105_166666n)
    expect(accrued.totalBorrowShares).toBe(totals.totalBorrowShares)
    // fee = 10.5166666 USDC → 10_516666 units; shares = 10_516666 · (2e15 + 1e6) / (2_094_650000 + 1)
    const feeShares =
      (10_516666n * (2_000_000000n * 10n ** 6n + 10n ** 6n)) / (2_105_166666n - 10_516666n + 1n)
    expect(accrued.totalSupplyShares).toBe(totals.totalSupplyShares + feeShares)
    expect(feeShares).toBe(10_041_454_181_116n)
    expect(accrued.lastUpdate).toBe(1_001n)
  })

  test('nothing accrues without elapsed time, and no fee shares without a fee', () => {
    expect(accrueMorphoInterest(totals, WAD / 10n, 1_000n)).toBe(totals)
    const noFee = accrueMorphoInterest({ ...totals, fee: 0n }, WAD / 10n, 1_001n)
    expect(noFee.totalSupplyShares).toBe(totals.totalSupplyShares)
    expect(noFee.totalSupplyAssets).toBe(2_105_166666n)
  })
})
