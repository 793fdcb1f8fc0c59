import { type GateInput, liabilityGate, ungatedStands } from './liability-gate.js'
import type { ModelFigures, PositionCharges } from './models/model.js'

/** What {@link gateFigures} reads of a book besides its ungated figures. */
export type GateFiguresInput = {
  values: ArrayLike<number>
  /** Whether any position can be owed (debt, perp, written option): else nothing is required. */
  liabilities: boolean
  /** Scenarios the book scans, the ungated binding one's index among them (−1: none loses). */
  count: number
  binding: number
  /** Writes w_s·PnL_i of every position in scenario j into `out` from `offset`. */
  row: (j: number, out: Float64Array, offset: number) => void
  /** The book's weighted loss in scenario j, from its factor rows (prunes the scan; optional). */
  loss?(j: number): number
  /** k_mm. */
  maintenanceScale: number
}

function gateInput(
  values: ArrayLike<number>,
  charges: Float64Array,
  count: number,
  pnl: Float64Array,
  scale: number,
  ensure: GateInput['ensure'] = undefined,
  upper: GateInput['upper'] = undefined,
): GateInput {
  return { values, charges, count, pnl, scale, ensure, upper }
}

function total(xs: Float64Array): number {
  let sum = 0
  for (let i = 0; i < xs.length; i++) sum += xs[i]!
  return sum
}

/**
 * R_s bound from the factor rows, with slack for rounding: M_s ≤ R_s = Σc + k·loss_s, and the
 * slack makes a skipped scenario one that could not have won even after rounding, so the result
 * is the unpruned scan's exactly.
 */
function upperOf(loss: (j: number) => number, charge: number, scale: number): (j: number) => number {
  return (j) => {
    const r = charge + scale * loss(j)
    return r + 1e-9 * (1 + Math.abs(r) + Math.abs(charge))
  }
}

/**
 * The `portfolio` model's figures after the liability gate ({@link liabilityGate}): the ungated
 * figures unchanged where their binding scenario is on the ungated branch (the common case: a book
 * whose debts exceed its liquidation charges), else IM and MM re-derived per scenario. Haircuts and
 * contingencies per position stay as charged; the scenario part (`riskIm`, `riskMm`) is what remains
 * of each position's Euler share, negative where the gate lifts more than the scenario charge.
 *
 * @example
 * const figures = gateFigures(ungated, { values, liabilities, count, binding, row, maintenanceScale: 0.8 })
 */
export function gateFigures(figures: ModelFigures, input: GateFiguresInput): ModelFigures {
  const n = input.values.length
  const { values, maintenanceScale } = input
  const chargesIm = new Float64Array(n)
  const chargesMm = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = figures.charges[i]!
    chargesIm[i] = c.haircutIm + c.contingencyIm
    chargesMm[i] = c.haircutMm + c.contingencyMm
  }
  let standsIm = false
  let standsMm = false
  if (input.liabilities) {
    // First the ungated binding scenario alone: where it is on the ungated branch nothing else is read.
    const one = new Float64Array(input.binding < 0 ? 0 : n)
    if (input.binding >= 0) input.row(input.binding, one, 0)
    const binding = input.binding < 0 ? -1 : 0
    standsIm = ungatedStands(gateInput(values, chargesIm, binding + 1, one, 1), binding)
    standsMm = ungatedStands(gateInput(values, chargesMm, binding + 1, one, maintenanceScale), binding)
    if (standsIm && standsMm) return figures
  }
  let im: ReturnType<typeof liabilityGate> | null = null
  let mm: ReturnType<typeof liabilityGate> | null = null
  if (input.liabilities) {
    const pnl = new Float64Array(input.count * n)
    const filled = new Uint8Array(input.count)
    const ensure = (j: number) => {
      if (filled[j]) return
      input.row(j, pnl, j * n)
      filled[j] = 1
    }
    const loss = input.loss ? (j: number) => input.loss!(j) : undefined
    if (!standsIm) {
      const upper = loss && upperOf(loss, total(chargesIm), 1)
      im = liabilityGate(gateInput(values, chargesIm, input.count, pnl, 1, ensure, upper))
    }
    if (!standsMm) {
      const upper = loss && upperOf(loss, total(chargesMm), maintenanceScale)
      mm = liabilityGate(gateInput(values, chargesMm, input.count, pnl, maintenanceScale, ensure, upper))
    }
  }
  const charges: PositionCharges[] = new Array(n)
  for (let i = 0; i < n; i++) {
    const c = figures.charges[i]!
    charges[i] = {
      haircutIm: c.haircutIm,
      haircutMm: c.haircutMm,
      riskIm: standsIm ? c.riskIm : (im ? im.contributions[i]! : 0) - chargesIm[i]!,
      riskMm: standsMm ? c.riskMm : (mm ? mm.contributions[i]! : 0) - chargesMm[i]!,
      contingencyIm: c.contingencyIm,
      contingencyMm: c.contingencyMm,
    }
  }
  const initialMargin = standsIm ? figures.initialMargin : im ? im.requirement : 0
  const maintenanceMargin = standsMm ? figures.maintenanceMargin : mm ? mm.requirement : 0
  return {
    ...figures,
    riskIm: standsIm ? figures.riskIm : initialMargin - figures.haircutIm - figures.contingencyIm,
    riskMm: standsMm ? figures.riskMm : maintenanceMargin - figures.haircutMm - figures.contingencyMm,
    initialMargin,
    maintenanceMargin,
    charges,
  }
}
