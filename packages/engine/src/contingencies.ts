import type { PreparedBook } from './book.js'
import type { PositionCharges } from './models/model.js'

/** Result of {@link applyContingencies}: the maintenance contingency of liability positions alone. */
export type ApplyContingenciesReturnType = { liabilityMm: number }

/**
 * Contingency charges C, written per position into `charges`:
 * perp notional × c_perp; written options: |size| × spot × c_opt; stale price: |value| × c_stale;
 * basis: per asset with a basis shock b, b × |net dollar delta of the asset| (allocated by each
 * position's signed delta, Euler), maintenance at k_mm × b.
 */
export function applyContingencies(
  book: PreparedBook,
  charges: PositionCharges[],
): ApplyContingenciesReturnType {
  const { contingencies, maintenanceRiskScale } = book.params
  const netByAsset = new Map<string, number>()
  for (const p of book.positions) {
    if (p.basis > 0) netByAsset.set(p.position.asset, (netByAsset.get(p.position.asset) ?? 0) + p.exposure)
  }
  let liabilityMm = 0
  book.positions.forEach((p, i) => {
    let im = 0
    let mm = 0
    if (p.position.kind === 'perp') {
      const notional = Math.abs(p.quantity) * p.price
      im += notional * contingencies.perp.im
      mm += notional * contingencies.perp.mm
    } else if (p.position.kind === 'option' && p.quantity < 0) {
      const notional = -p.quantity * p.price
      im += notional * contingencies.shortOption.im
      mm += notional * contingencies.shortOption.mm
    }
    if (p.stale) {
      im += Math.abs(p.value) * contingencies.stale.im
      mm += Math.abs(p.value) * contingencies.stale.mm
    }
    if (p.liability) liabilityMm += mm
    if (p.basis > 0) {
      const net = netByAsset.get(p.position.asset) ?? 0
      const share = Math.sign(net) * p.exposure * p.basis
      im += share
      mm += share * maintenanceRiskScale
    }
    charges[i]!.contingencyIm = im
    charges[i]!.contingencyMm = mm
  })
  return { liabilityMm }
}
