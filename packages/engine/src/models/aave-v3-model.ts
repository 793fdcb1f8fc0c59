import { aaveEModeApplies } from '@xmargin/core'
import { aaveVenueFigures } from '../aave-v3/aave-venue-figures.js'
import { MAX_UINT256, WAD } from '../aave-v3/wad-ray-math.js'
import type { PreparedBook, PreparedPosition } from '../book.js'
import { emptyCharges, type ModelFigures, sumCharges } from './model.js'

/** Positions the `aave-v3` model covers: supply and debt that carry Aave reserve context. */
export function isAavePosition(p: PreparedPosition): boolean {
  return (p.position.kind === 'supply' || p.position.kind === 'debt') && p.position.aave !== undefined
}

const BASE = 1e8

/**
 * The `aave-v3` model: the venue's own rule. Each (chain, venue, wallet) account is computed with
 * the exact integer reproduction of `getUserAccountData`; IM = collateral × (1 − LTV) and
 * MM = collateral × (1 − liquidation threshold), so E ≥ MM ⇔ HF ≥ 1 and E ≥ IM ⇔ the account can
 * still borrow. Health is the lowest account health factor; status follows the health factors.
 * Charges are allocated to collateral positions by their own (1 − LTV) and (1 − LT) weights.
 */
export function aaveV3Model(book: PreparedBook): ModelFigures {
  const charges = emptyCharges(book.positions.length)
  const { figures, accountOf } = aaveVenueFigures(book.positions)
  const byKey = new Map(figures.map((f) => [`${f.chainId}|${f.venue}|${f.wallet.toLowerCase()}`, f]))
  const weights = new Map<string, { im: number; mm: number }>()
  const positionWeights = book.positions.map((p) => {
    const context = p.position.kind === 'supply' ? p.position.aave : undefined
    const key = accountOf.get(p)
    if (!context || !key || p.value <= 0) return { im: 0, mm: 0 }
    const inEMode = aaveEModeApplies(context)
    const ltv = inEMode ? (context.eModeLtv ?? 0) : context.ltv
    const lt = inEMode ? (context.eModeLiquidationThreshold ?? 0) : context.liquidationThreshold
    const w = { im: p.value * (1 - (context.ltv === 0 ? 0 : ltv) / 1e4), mm: p.value * (1 - lt / 1e4) }
    const total = weights.get(key) ?? { im: 0, mm: 0 }
    weights.set(key, { im: total.im + w.im, mm: total.mm + w.mm })
    return w
  })
  let health = Number.POSITIVE_INFINITY
  let status: 'HEALTHY' | 'WARNING' | 'LIQUIDATABLE' = 'HEALTHY'
  for (const f of figures) {
    if (f.healthFactor !== MAX_UINT256) health = Math.min(health, Number(f.healthFactor) / Number(WAD))
    if (f.totalDebtBase > 0n && f.healthFactor < WAD) status = 'LIQUIDATABLE'
    else if (status === 'HEALTHY' && f.totalDebtBase > 0n && f.availableBorrowsBase === 0n) status = 'WARNING'
  }
  book.positions.forEach((p, i) => {
    const key = accountOf.get(p)
    const account = key ? byKey.get(key) : undefined
    const total = key ? weights.get(key) : undefined
    const w = positionWeights[i]!
    if (!account || !total) return
    const collateral = Number(account.totalCollateralBase) / BASE
    const im = collateral * (1 - Number(account.ltv) / 1e4)
    const mm = collateral * (1 - Number(account.currentLiquidationThreshold) / 1e4)
    charges[i]!.haircutIm = total.im > 0 ? (im * w.im) / total.im : 0
    charges[i]!.haircutMm = total.mm > 0 ? (mm * w.mm) / total.mm : 0
  })
  const haircutIm = sumCharges(charges, 'haircutIm')
  const haircutMm = sumCharges(charges, 'haircutMm')
  return {
    haircutIm,
    haircutMm,
    riskIm: 0,
    riskMm: 0,
    contingencyIm: 0,
    contingencyMm: 0,
    initialMargin: haircutIm,
    maintenanceMargin: haircutMm,
    charges,
    worstScenarios: [],
    health,
    status,
  }
}
