import { liabilityGate, ungatedStands } from './liability-gate.js'
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
  /** k_mm. */
  maintenanceScale: number
}

/**
 * The `portfolio` model's figures after the liability gate ({@link liabilityGate}): the ungated
 * figures unchanged where their binding scenario is on the ungated branch (the common case: a book
 * whose debts exceed its liquidation charges), else IM and MM re-derived per scenario. Haircuts and
 * contingencies per position stay as charged; the scenario part (`riskIm`, `riskMm`) is what remains
 * of each position's Euler share, negative where the gate lifts more than the scenario charge.
 *
 * @example
 * const figures = gateFigures(ungated, { values, liabilities, count, binding, pnl, maintenanceScale: 0.8 })
 */
export function gateFigures(figures: ModelFigures, input: GateFiguresInput): ModelFigures {
  const n = input.values.length
  const chargesIm = new Float64Array(n)
  const chargesMm = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const c = figures.charges[i]!
    chargesIm[i] = c.haircutIm + c.contingencyIm
    chargesMm[i] = c.haircutMm + c.contingencyMm
  }
  // First the ungated binding scenario alone: where it is on the ungated branch nothing else is read.
  const one = new Float64Array(input.binding < 0 ? 0 : n)
  if (input.binding >= 0) input.row(input.binding, one, 0)
  const binding = input.binding < 0 ? -1 : 0
  const first = { values: input.values, count: binding + 1, pnl: one }
  const standsIm = input.liabilities && ungatedStands({ ...first, charges: chargesIm, scale: 1 }, binding)
  const standsMm =
    input.liabilities &&
    ungatedStands({ ...first, charges: chargesMm, scale: input.maintenanceScale }, binding)
  if (standsIm && standsMm) return figures
  const pnl = new Float64Array(input.liabilities ? input.count * n : 0)
  if (input.liabilities) for (let j = 0; j < input.count; j++) input.row(j, pnl, j * n)
  const common = { values: input.values, count: input.count, pnl }
  const im = { ...common, charges: chargesIm, scale: 1 }
  const mm = { ...common, charges: chargesMm, scale: input.maintenanceScale }
  const gatedIm = standsIm || !input.liabilities ? null : liabilityGate(im)
  const gatedMm = standsMm || !input.liabilities ? null : liabilityGate(mm)
  const share = (gated: typeof gatedIm, stands: boolean, i: number, ungated: number, charge: number) =>
    stands ? ungated : (gated ? gated.contributions[i]! : 0) - charge
  const charges: PositionCharges[] = figures.charges.map((c, i) => ({
    ...c,
    riskIm: share(gatedIm, standsIm, i, c.riskIm, chargesIm[i]!),
    riskMm: share(gatedMm, standsMm, i, c.riskMm, chargesMm[i]!),
  }))
  const initialMargin = standsIm ? figures.initialMargin : gatedIm ? gatedIm.requirement : 0
  const maintenanceMargin = standsMm ? figures.maintenanceMargin : gatedMm ? gatedMm.requirement : 0
  return {
    ...figures,
    riskIm: standsIm ? figures.riskIm : initialMargin - figures.haircutIm - figures.contingencyIm,
    riskMm: standsMm ? figures.riskMm : maintenanceMargin - figures.haircutMm - figures.contingencyMm,
    initialMargin,
    maintenanceMargin,
    charges,
  }
}
