import { optionExposureAt, optionValueAt, writeOptionScenarioPnl } from './option-scenarios.js'
import {
  type BookState,
  KIND_OPTION,
  KIND_PERP,
  type PortfolioKernel,
} from './portfolio-kernel.js'
import { evaluatePortfolio, type PortfolioScratch } from './portfolio-margin.js'

/**
 * E − MM of the whole book as a function of the ratio applied to one factor's prices: the
 * factor's positions are revalued (linear ones in closed form, options repriced over their
 * scenario grid), every other position and option row is reused as is, and the book is margined
 * again by the kernel. Used by the liquidation price solver; the same numbers as re-running the
 * model on the moved book.
 *
 * @example
 * const g = portfolioSurplus(kernel, scratch, 0)
 * g(0.8) // E − MM with factor 0 down 20%
 */
export function portfolioSurplus(
  kernel: PortfolioKernel,
  scratch: PortfolioScratch,
  factor: number,
): (ratio: number) => number {
  const { base, kind, optionRow, stride, sets, pricers } = kernel
  const positions = kernel.book.positions
  const scale = kernel.book.params.maintenanceRiskScale
  const moved: BookState = {
    value: base.value.slice(),
    exposure: base.exposure.slice(),
    price: base.price.slice(),
    optionPnl: base.optionPnl.slice(),
  }
  const members: number[] = []
  for (let i = 0; i < kernel.n; i++) if (kernel.factor[i] === factor) members.push(i)
  const set = sets[factor]!
  return (ratio) => {
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
    }
    let equity = 0
    for (let i = 0; i < kernel.n; i++) equity += moved.value[i]!
    const totals = evaluatePortfolio(kernel, moved, kernel.all, scratch, { liability: false })
    return equity - (totals.haircutMm + totals.k * scale + totals.contingencyMm)
  }
}
