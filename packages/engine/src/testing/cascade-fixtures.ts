/**
 * Cascade test and benchmark fixtures (not exported by the package): Aave v3 and Morpho Blue
 * borrowers of USDC against WETH, and an ETH depth curve to sell seized WETH into.
 */
import type { AaveReserveContext, Address, Position } from '@xmargin/core'
import { defaultRiskParameters } from '@xmargin/core'
import type { PreparedBook } from '../book.js'
import { placeDepthCurve } from '../impact/depth-curve.js'
import { createPriceImpact, type PriceImpact } from '../impact/price-impact.js'
import { prepareInputs } from '../prepare-inputs.js'
import { debt, NOW, PRICES, supply } from './fixtures.js'

export const WETH_RESERVE: AaveReserveContext = {
  ltv: 8000,
  liquidationThreshold: 8250,
  liquidationBonus: 10500,
  eModeCategory: 1,
  userEModeCategory: 0,
}
const USDC_RESERVE: AaveReserveContext = {
  ltv: 7700,
  liquidationThreshold: 8000,
  liquidationBonus: 10450,
  eModeCategory: 0,
  userEModeCategory: 0,
}
export const MORPHO_MARKET = { market: '0xaa', lltv: 860_000_000_000_000_000n }

/** A borrower: WETH collateral and USDC debt on one venue (Aave v3 on chain 1 by default). */
export type Borrower = { weth: number; usdc: number; venue?: 'aave-v3' | 'morpho-blue'; chainId?: number }

export function walletAddress(i: number): Address {
  return `0x${(i + 1).toString(16).padStart(40, '0')}` as Address
}

export function borrowerPositions(b: Borrower, i: number): Position[] {
  const venue = b.venue ?? 'aave-v3'
  const c = { venue, chainId: b.chainId ?? 1, wallet: walletAddress(i) }
  const context = venue === 'aave-v3' ? { aave: WETH_RESERVE } : { morpho: MORPHO_MARKET }
  const debtContext = venue === 'aave-v3' ? { aave: USDC_RESERVE } : { morpho: MORPHO_MARKET }
  return [
    { ...supply('WETH', b.weth, { ...c, id: `${i}:weth` }), ...context } as Position,
    { ...debt('USDC', b.usdc, { ...c, id: `${i}:usdc`, decimals: 6 }), ...debtContext } as Position,
  ]
}

/** The prepared book of many borrowers at the fixture prices (WETH 3,000). */
export function borrowersBook(borrowers: readonly Borrower[]): PreparedBook {
  const positions = borrowers.flatMap(borrowerPositions)
  return prepareInputs({ positions, prices: PRICES, params: defaultRiskParameters, now: NOW }).book
}

/** An ETH depth curve without fee holding `depth` WETH at 3,000 USDC. */
export function ethCurve(depth: number): PriceImpact {
  const state = placeDepthCurve({
    curve: { depth: BigInt(Math.round(depth * 1e6)) * 10n ** 12n, feePips: 0 },
    price: { value: 3000n, decimals: 0 },
    assetDecimals: 18,
    quoteDecimals: 6,
  })
  return createPriceImpact({ kind: 'depth-curve', state, assetDecimals: 18, quoteDecimals: 6 })
}
