import { optionExposureAt, optionValueAt, writeOptionScenarioPnl } from './option-scenarios.js'
import { type BookState, KIND_OPTION, KIND_PERP, type PortfolioKernel } from './portfolio-kernel.js'
import { evaluatePortfolio, type PortfolioScratch } from './portfolio-margin.js'

/**
 * E − MM of the whole book as a function of the ratio applied to one factor's prices. Only the
 * factor's positions move (linear ones in closed form, options repriced over their scenario grid)
 * and only they are margined again: an asset belongs to one factor, so its tiered haircut and
 * basis netting involve that factor's positions alone, and the other factors' signed losses and
 * charges are constants taken once from the unmoved book. K is re-aggregated from the signed
 * losses with the correlation matrix. Used by the liquidation price solver; equal to re-running
 * the model on the moved book up to float rounding (sums are grouped differently).
 *
 * @example
 * const g = portfolioSurplus(kernel, portfolioScratch(kernel), 0)
 * g(0.8) // E − MM with factor 0 down 20%
 */
export function portfolioSurplus(
  kernel: PortfolioKernel,
  scratch: PortfolioScratch,
  factor: number,
): (ratio: number) => number {
  const { base, kind, optionRow, stride, sets, pricers, nf } = kernel
  const positions = kernel.book.positions
  const correlation = kernel.book.correlation
  const scale = kernel.book.params.maintenanceRiskScale
  const moved: BookState = {
    value: base.value.slice(),
    exposure: base.exposure.slice(),
    price: base.price.slice(),
    optionPnl: base.optionPnl.slice(),
  }
  const members: number[] = []
  for (let i = 0; i < kernel.n; i++) if (kernel.factor[i] === factor) members.push(i)

  // Constants of the unmoved book outside the factor.
  evaluatePortfolio(kernel, base, kernel.all, scratch, false)
  const signed = scratch.signed.slice(0, nf)
  let otherEquity = 0
  let otherMm = 0
  for (let i = 0; i < kernel.n; i++) {
    if (kernel.factor[i] === factor) continue
    otherEquity += base.value[i]!
    otherMm += scratch.haircutMm[i]! + scratch.contingencyMm[i]!
  }
  const set = sets[factor]!
  return (ratio) => {
    let equity = otherEquity
    for (const i of members) {
      const p = positions[i]!
      const price = base.price[i]! * ratio
      moved.price[i] = price
      switch (kind[i]) {
        case KIND_OPTION: {
          const row = optionRow[i]!
          const pricer = pricers[row]!
          const value = optionValueAt(pricer, price)
          moved.value[i] = value
          if (p.basis > 0) moved.exposure[i] = optionExposureAt(pricer, price)
          writeOptionScenarioPnl(pricer, set, price, value, moved.optionPnl, row * stride)
          break
        }
        case KIND_PERP:
          moved.value[i] = p.quantity * (price - p.entry) + p.funding
          moved.exposure[i] = p.quantity * price
          break
        default:
          moved.value[i] = p.quantity * price
          moved.exposure[i] = moved.value[i]!
      }
      equity += moved.value[i]!
    }
    const totals = evaluatePortfolio(kernel, moved, members, scratch, false)
    signed[factor] = scratch.signed[factor]!
    let quadratic = 0
    for (let f = 0; f < nf; f++) {
      let row = 0
      const correlations = correlation[f]!
      for (let g = 0; g < nf; g++) row += correlations[g]! * signed[g]!
      quadratic += signed[f]! * row
    }
    const k = Math.sqrt(Math.max(0, quadratic))
    return equity - (otherMm + totals.haircutMm + k * scale + totals.contingencyMm)
  }
}
