import type { HaircutTier } from '@xmargin/core'
import type { PreparedBook } from './book.js'
import type { PositionCharges } from './models/model.js'

/** Tiered haircut of `value` USD of one asset: bands applied marginally. */
export function tieredHaircut(tiers: readonly HaircutTier[], value: number): { im: number; mm: number } {
  let im = 0
  let mm = 0
  let lower = 0
  for (const tier of tiers) {
    const upper = tier.upToUsd ?? Number.POSITIVE_INFINITY
    const inBand = Math.min(value, upper) - lower
    if (inBand <= 0) break
    im += inBand * tier.im
    mm += inBand * tier.mm
    lower = upper
  }
  return { im, mm }
}

/**
 * Haircut charge H of the collateral (spot and collateral-enabled supply): tiered on the USD value
 * of each asset across the book (concentration), allocated to positions pro rata, plus each
 * position's bridged add-on for its (asset, chain). Writes into `charges`; debt is not haircut.
 */
export function applyHaircuts(book: PreparedBook, charges: PositionCharges[]): void {
  const totals = new Map<string, number>()
  for (const p of book.positions) {
    if (!p.collateral || p.value <= 0) continue
    totals.set(p.position.asset, (totals.get(p.position.asset) ?? 0) + p.value)
  }
  const byAsset = new Map<string, { im: number; mm: number; total: number }>()
  book.positions.forEach((p, i) => {
    if (!p.collateral || p.value <= 0) return
    const asset = p.position.asset
    let tiered = byAsset.get(asset)
    if (!tiered) {
      const total = totals.get(asset) ?? 0
      tiered = { ...tieredHaircut(p.haircuts, total), total }
      byAsset.set(asset, tiered)
    }
    const share = p.value / tiered.total
    const charge = charges[i]!
    charge.haircutIm = Math.min(p.value, share * tiered.im + p.value * p.bridgedAddOn)
    charge.haircutMm = Math.min(p.value, share * tiered.mm + p.value * p.bridgedAddOn)
  })
}
