import type { HaircutTier } from '@xmargin/core'
import {
  type BookState,
  KIND_COLLATERAL,
  KIND_OPTION,
  KIND_PERP,
  type PortfolioKernel,
} from './portfolio-kernel.js'
import { worstJointScenario } from './scenario-list.js'

/**
 * Working arrays of {@link evaluatePortfolio}, reused by every evaluation (whole book, buckets,
 * factor moves). Per-position arrays are indexed by position; sized to at least the kernel.
 */
export type PortfolioScratch = {
  haircutIm: Float64Array
  haircutMm: Float64Array
  contingencyIm: Float64Array
  contingencyMm: Float64Array
  assetTotal: Float64Array
  tierIm: Float64Array
  tierMm: Float64Array
  tierDone: Uint8Array
  netBasis: Float64Array
  exposure: Float64Array
  hasOptions: Uint8Array
  /** Whether a factor has members in the current evaluation. */
  present: Uint8Array
  optionSum: Float64Array
  /** PnL of the members of each factor at each of its points (`stride` per factor). */
  rows: Float64Array
}

/** Totals of one evaluation; IM = haircutIm + k + contingencyIm, MM = haircutMm + k_mm·k + contingencyMm. */
export type PortfolioTotals = {
  haircutIm: number
  haircutMm: number
  /** Worst weighted loss over the joint scenarios, and that scenario (−1 when none loses). */
  k: number
  scenario: number
  contingencyIm: number
  contingencyMm: number
}

function allocateScratch(n: number, nf: number, nAssets: number, stride: number): PortfolioScratch {
  return {
    haircutIm: new Float64Array(n),
    haircutMm: new Float64Array(n),
    contingencyIm: new Float64Array(n),
    contingencyMm: new Float64Array(n),
    assetTotal: new Float64Array(nAssets),
    tierIm: new Float64Array(nAssets),
    tierMm: new Float64Array(nAssets),
    tierDone: new Uint8Array(nAssets),
    netBasis: new Float64Array(nAssets),
    exposure: new Float64Array(nf),
    hasOptions: new Uint8Array(nf),
    present: new Uint8Array(nf),
    optionSum: new Float64Array(nf * stride),
    rows: new Float64Array(nf * stride),
  }
}

let shared = allocateScratch(64, 8, 32, 32)

/**
 * The working arrays for a kernel: one grow-only workspace shared by every evaluation. Sharing is
 * safe because an evaluation is synchronous and its caller reads what it needs from the scratch
 * before returning (no scratch content outlives a call); it saves allocating ~20 arrays per report.
 *
 * @example
 * const scratch = portfolioScratch(kernel)
 */
export function portfolioScratch(kernel: PortfolioKernel): PortfolioScratch {
  const { n, nf, nAssets, stride } = kernel
  if (
    shared.haircutIm.length < n ||
    shared.exposure.length < nf ||
    shared.assetTotal.length < nAssets ||
    shared.optionSum.length < nf * stride
  ) {
    shared = allocateScratch(
      Math.max(n, shared.haircutIm.length),
      Math.max(nf, shared.exposure.length),
      Math.max(nAssets, shared.assetTotal.length),
      Math.max(stride, shared.optionSum.length / shared.exposure.length),
    )
  }
  return shared
}

/**
 * Tiered haircut of `total` USD of one asset (bands applied marginally), written into `im[at]`
 * and `mm[at]`.
 *
 * @example
 * writeTieredHaircut(kernel.tiers[a]!, total, scratch.tierIm, scratch.tierMm, a)
 */
export function writeTieredHaircut(
  bands: readonly HaircutTier[],
  total: number,
  im: Float64Array,
  mm: Float64Array,
  at: number,
): void {
  let tierIm = 0
  let tierMm = 0
  let lower = 0
  for (let t = 0; t < bands.length; t++) {
    const band = bands[t]!
    const upper = band.upToUsd ?? Number.POSITIVE_INFINITY
    const inBand = Math.min(total, upper) - lower
    if (inBand <= 0) break
    tierIm += inBand * band.im
    tierMm += inBand * band.mm
    lower = upper
  }
  im[at] = tierIm
  mm[at] = tierMm
}

function applyHaircuts(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
) {
  const { kind, asset } = kernel
  const positions = kernel.book.positions
  const value = state.value
  const { assetTotal, tierDone } = scratch
  // Only the members' assets are read below: reset those.
  for (let j = 0; j < members.length; j++) {
    const a = asset[members[j]!]!
    assetTotal[a] = 0
    tierDone[a] = 0
  }
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    if (kind[i] === KIND_COLLATERAL && !(value[i]! <= 0)) assetTotal[asset[i]!]! += value[i]!
  }
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    const v = value[i]!
    if (kind[i] !== KIND_COLLATERAL || v <= 0) {
      scratch.haircutIm[i] = 0
      scratch.haircutMm[i] = 0
      continue
    }
    const a = asset[i]!
    if (!scratch.tierDone[a]) {
      writeTieredHaircut(kernel.tiers[a]!, scratch.assetTotal[a]!, scratch.tierIm, scratch.tierMm, a)
      scratch.tierDone[a] = 1
    }
    const share = v / scratch.assetTotal[a]!
    const addOn = positions[i]!.bridgedAddOn
    scratch.haircutIm[i] = Math.min(v, share * scratch.tierIm[a]! + v * addOn)
    scratch.haircutMm[i] = Math.min(v, share * scratch.tierMm[a]! + v * addOn)
  }
}

const NO_SCAN = { loss: 0, scenario: -1 }

/**
 * Each factor's PnL row (members' linear exposure × move plus their option rows, at every point of
 * the factor a scenario of this book can use), then, when `scan`, the worst joint scenario over
 * the factors with members.
 */
function scenarioLoss(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
  scan: boolean,
): { loss: number; scenario: number } {
  const { kind, factor, optionRow, stride, nf, sets } = kernel
  const { exposure, hasOptions, present, optionSum, rows } = scratch
  for (let f = 0; f < nf; f++) present[f] = 0
  let withOptions = false
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    const f = factor[i]!
    if (!present[f]) {
      present[f] = 1
      exposure[f] = 0
      hasOptions[f] = 0
    }
    if (kind[i] === KIND_OPTION) {
      const count = sets[f]!.moves.length
      const to = f * stride
      withOptions = true
      if (!hasOptions[f]) {
        hasOptions[f] = 1
        for (let s = 0; s < count; s++) optionSum[to + s] = 0
      }
      const from = optionRow[i]! * stride
      for (let s = 0; s < count; s++) optionSum[to + s]! += state.optionPnl[from + s]!
    } else {
      exposure[f]! += state.exposure[i]!
    }
  }
  for (let f = 0; f < nf; f++) {
    if (!present[f]) continue
    const moves = sets[f]!.moves
    const base = f * stride
    const linear = exposure[f]!
    if (hasOptions[f])
      for (let s = 0; s < moves.length; s++) rows[base + s] = linear * moves[s]! + optionSum[base + s]!
    else {
      // Vol points are read only when the book holds an option (its scenarios with vol moves).
      const count = kernel.withOptions ? moves.length : sets[f]!.linearPoints
      for (let s = 0; s < count; s++) rows[base + s] = linear * moves[s]! + 0
    }
  }
  if (!scan) return NO_SCAN
  return worstJointScenario(kernel.list, present, 0, rows, 0, withOptions)
}

function applyContingencies(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
): void {
  const { kind, asset } = kernel
  const positions = kernel.book.positions
  const { contingencies, maintenanceRiskScale } = kernel.book.params
  const { value, exposure, price } = state
  const netBasis = scratch.netBasis
  for (let j = 0; j < members.length; j++) netBasis[asset[members[j]!]!] = 0
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    if (positions[i]!.basis > 0) netBasis[asset[i]!]! += exposure[i]!
  }
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    const p = positions[i]!
    let im = 0
    let mm = 0
    if (kind[i] === KIND_PERP) {
      const notional = Math.abs(p.quantity) * price[i]!
      im += notional * contingencies.perp.im
      mm += notional * contingencies.perp.mm
    } else if (kind[i] === KIND_OPTION && p.quantity < 0) {
      const notional = -p.quantity * price[i]!
      im += notional * contingencies.shortOption.im
      mm += notional * contingencies.shortOption.mm
    }
    if (p.stale) {
      im += Math.abs(value[i]!) * contingencies.stale.im
      mm += Math.abs(value[i]!) * contingencies.stale.mm
    }
    if (p.basis > 0) {
      const share = Math.sign(netBasis[asset[i]!]!) * exposure[i]! * p.basis
      im += share
      mm += share * maintenanceRiskScale
    }
    scratch.contingencyIm[i] = im
    scratch.contingencyMm[i] = mm
  }
}

/**
 * Margins the positions at `members` (ascending indices) of a kernel in a given state: tiered
 * haircuts over those positions, each factor's PnL at its points from the precomputed option rows
 * and the linear exposures, the worst joint scenario K, and the contingencies. The same float
 * operations in the same order as the reference `portfolio` model on the sub-book, so the figures
 * are bit-identical to it. Per-position charges and the factor rows stay in `scratch`. `scan`
 * false: rows and charges only, K left at 0 (the liquidation solver aggregates K itself).
 *
 * @example
 * const totals = evaluatePortfolio(kernel, kernel.base, kernel.all, portfolioScratch(kernel))
 */
export function evaluatePortfolio(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
  scan = true,
): PortfolioTotals {
  applyHaircuts(kernel, state, members, scratch)
  const { loss: k, scenario } = scenarioLoss(kernel, state, members, scratch, scan)
  applyContingencies(kernel, state, members, scratch)
  let haircutIm = 0
  let haircutMm = 0
  let contingencyIm = 0
  let contingencyMm = 0
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    haircutIm += scratch.haircutIm[i]!
    haircutMm += scratch.haircutMm[i]!
    contingencyIm += scratch.contingencyIm[i]!
    contingencyMm += scratch.contingencyMm[i]!
  }
  return { haircutIm, haircutMm, k, scenario, contingencyIm, contingencyMm }
}
