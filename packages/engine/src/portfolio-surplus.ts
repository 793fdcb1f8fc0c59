import { optionExposureAt, optionValueAt, writeOptionScenarioPnl } from './option-scenarios.js'
import { type BookState, KIND_OPTION, KIND_PERP, type PortfolioKernel } from './portfolio-kernel.js'
import { evaluatePortfolio, type PortfolioScratch } from './portfolio-margin.js'
import { scenarioColumn } from './scenario-list.js'

/** What every factor's surplus function reads of the unmoved book: factor rows and per-position charges. */
export type UnmovedBook = {
  rows: Float64Array
  present: Uint8Array
  haircutMm: Float64Array
  contingencyMm: Float64Array
}

/**
 * Margins the unmoved book once and copies what {@link portfolioSurplus} needs out of the shared
 * scratch (one evaluation for all factors of a report instead of one per factor).
 *
 * @example
 * const unmoved = unmovedBook(kernel, portfolioScratch(kernel))
 */
export function unmovedBook(kernel: PortfolioKernel, scratch: PortfolioScratch): UnmovedBook {
  evaluatePortfolio(kernel, kernel.base, kernel.all, scratch)
  return {
    rows: scratch.rows.slice(0, kernel.nf * kernel.stride),
    present: scratch.present.slice(0, kernel.nf),
    haircutMm: scratch.haircutMm.slice(0, kernel.n),
    contingencyMm: scratch.contingencyMm.slice(0, kernel.n),
  }
}

/**
 * E − MM of the whole book as a function of the ratio applied to one factor's prices (or, with
 * `asset`, to that asset's prices alone: a basis move, the rest of the factor unchanged). Only the
 * factor's positions move (linear ones in closed form, options repriced at their factor's points)
 * and only they are margined again: an asset belongs to one factor, so its tiered haircut and
 * basis netting involve that factor's positions alone, and the other factors' PnL rows and
 * charges are constants taken once from the unmoved book. K is the worst joint scenario: per
 * scenario the others' PnL (summed once) plus the moved factor's new PnL. Used by the liquidation price solver; equal to
 * re-running the model on the moved book up to float rounding (sums are grouped differently).
 *
 * @example
 * const g = portfolioSurplus(kernel, portfolioScratch(kernel), 0)
 * g(0.8) // E − MM with factor 0 down 20%
 */
export function portfolioSurplus(
  kernel: PortfolioKernel,
  scratch: PortfolioScratch,
  factor: number,
  unmoved: UnmovedBook = unmovedBook(kernel, scratch),
  asset: string | undefined = undefined,
): (ratio: number) => number {
  const { base, kind, optionRow, stride, sets, pricers, nf } = kernel
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

  // Constants of the unmoved book outside the factor.
  const { rows, present, haircutMm, contingencyMm } = unmoved
  // Per scenario to scan: its weight, the moved factor's point and the other factors' PnL (fixed).
  const list = kernel.list
  const count = kernel.withOptions ? list.scenarios.length : list.linearCount
  const { weights, offsets } = list
  const others: number[] = []
  for (let j = 0; j < count; j++) {
    const at = j * nf
    let pnl = 0
    for (let f = 0; f < nf; f++) {
      if (f === factor || !present[f]) continue
      pnl += rows[offsets[at + f]!]!
    }
    others.push(pnl)
  }
  // The scenarios that leave the factor at its unchanged point, where the PnL of a factor without
  // options is 0 whatever its price: their worst loss is fixed too. Only those that move it are
  // scanned per ratio (the maximum is the same whatever the order it is taken in).
  const column = scenarioColumn(list, factor)
  const { moving, points } = column
  const movingCount = kernel.withOptions ? moving.length : column.movingLinear
  const stillCount = kernel.withOptions ? column.still.length : column.stillLinear
  let stillK = 0
  for (let m = 0; m < stillCount; m++) {
    const j = column.still[m]!
    const loss = -weights[j]! * (others[j]! + 0)
    if (loss > stillK) stillK = loss
  }
  // The scenarios that move it: weight and the other factors' PnL side by side for the scan.
  const movingWeights: number[] = []
  const movingOthers: number[] = []
  for (let m = 0; m < movingCount; m++) {
    movingWeights.push(weights[moving[m]!]!)
    movingOthers.push(others[moving[m]!]!)
  }
  let factorOptions = false
  for (let m = 0; m < members.length; m++) if (kind[members[m]!] === KIND_OPTION) factorOptions = true
  let otherEquity = 0
  let otherMm = 0
  for (let i = 0; i < kernel.n; i++) {
    if (kernel.factor[i] === factor) continue
    otherEquity += base.value[i]!
    otherMm += haircutMm[i]! + contingencyMm[i]!
  }
  const set = sets[factor]!
  return (ratio) => {
    let equity = otherEquity
    for (let m = 0; m < members.length; m++) {
      const i = members[m]!
      const p = positions[i]!
      if (asset !== undefined && p.position.asset !== asset) {
        // A basis move: the rest of the factor stays at its price.
        equity += base.value[i]!
        continue
      }
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
    const movedRows = scratch.rows
    const from = factor * stride
    let k = 0
    if (!factorOptions && movedRows[from] === 0) {
      // Unchanged point 0 (not NaN): the fixed scenarios lose what they lost at ratio 1.
      k = stillK
      for (let m = 0; m < movingCount; m++) {
        const loss = -movingWeights[m]! * (movingOthers[m]! + movedRows[from + points[m]!]!)
        if (loss > k) k = loss
      }
    } else {
      for (let j = 0; j < count; j++) {
        const loss = -weights[j]! * (others[j]! + movedRows[offsets[j * nf + factor]!]!)
        if (loss > k) k = loss
      }
    }
    return equity - (otherMm + totals.haircutMm + k * scale + totals.contingencyMm)
  }
}
