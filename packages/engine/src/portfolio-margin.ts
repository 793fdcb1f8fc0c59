import type { HaircutTier } from '@xmargin/core'
import {
  type BookState,
  KIND_COLLATERAL,
  KIND_OPTION,
  KIND_PERP,
  type PortfolioKernel,
} from './portfolio-kernel.js'

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
  exposureLiability: Float64Array
  hasOptions: Uint8Array
  /** Whether a factor has members in the current evaluation. */
  present: Uint8Array
  optionSum: Float64Array
  signed: Float64Array
  signedLiability: Float64Array
  /** (R·S)_f, the correlation matrix times the signed losses. */
  rs: Float64Array
  worstIndex: Int32Array
  worstPnl: Float64Array
}

/** Totals of one evaluation; IM = haircutIm + k + contingencyIm, MM = haircutMm + k_mm·k + contingencyMm. */
export type PortfolioTotals = {
  haircutIm: number
  haircutMm: number
  k: number
  kLiability: number
  contingencyIm: number
  contingencyMm: number
  liabilityMm: number
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
    exposureLiability: new Float64Array(nf),
    hasOptions: new Uint8Array(nf),
    present: new Uint8Array(nf),
    optionSum: new Float64Array(nf * stride),
    signed: new Float64Array(nf),
    signedLiability: new Float64Array(nf),
    rs: new Float64Array(nf),
    worstIndex: new Int32Array(nf),
    worstPnl: new Float64Array(nf),
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

/** K = sqrt(max(0, Sᵀ·R·S)); writes R·S into `rs` when given. */
function correlate(kernel: PortfolioKernel, signed: Float64Array, rs: Float64Array | undefined): number {
  const nf = kernel.nf
  const correlation = kernel.book.correlation
  let quadratic = 0
  for (let f = 0; f < nf; f++) {
    let row = 0
    const correlations = correlation[f]!
    for (let g = 0; g < nf; g++) row += correlations[g]! * signed[g]!
    if (rs) rs[f] = row
    quadratic += signed[f]! * row
  }
  return Math.sqrt(Math.max(0, quadratic))
}

/**
 * Worst weighted loss per factor over its scenarios, from the members' linear exposures and option
 * rows. Factors without members get the values the scan gives an empty factor (no loss, the
 * unchanged point) without scanning; the liability-side scan runs only when asked for.
 */
function scenarioLosses(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
  liability: boolean,
) {
  const { kind, factor, optionRow, stride, nf, sets } = kernel
  const { exposure, exposureLiability, hasOptions, present, optionSum } = scratch
  for (let f = 0; f < nf; f++) present[f] = 0
  for (let j = 0; j < members.length; j++) {
    const i = members[j]!
    const f = factor[i]!
    if (!present[f]) {
      present[f] = 1
      exposure[f] = 0
      exposureLiability[f] = 0
      hasOptions[f] = 0
    }
    if (kind[i] === KIND_OPTION) {
      const count = sets[f]!.moves.length
      const to = f * stride
      if (!hasOptions[f]) {
        hasOptions[f] = 1
        for (let s = 0; s < count; s++) optionSum[to + s] = 0
      }
      const from = optionRow[i]! * stride
      for (let s = 0; s < count; s++) optionSum[to + s]! += state.optionPnl[from + s]!
    } else {
      exposure[f]! += state.exposure[i]!
      if (kind[i] !== KIND_COLLATERAL) exposureLiability[f]! += state.exposure[i]!
    }
  }
  for (let f = 0; f < nf; f++) {
    if (!present[f]) {
      scratch.signed[f] = 0
      scratch.signedLiability[f] = 0
      scratch.worstIndex[f] = 3
      scratch.worstPnl[f] = 0
      continue
    }
    const set = sets[f]!
    const count = hasOptions[f] ? set.moves.length : set.linearCount
    const base = f * stride
    const linear = exposure[f]!
    const linearLiability = exposureLiability[f]!
    const withOptions = hasOptions[f] === 1
    let bestLoss = 0
    let bestIndex = 3 // the unchanged point
    let bestPnl = 0
    let bestLiability = 0
    let bestLiabilityIndex = 3
    for (let s = 0; s < count; s++) {
      const move = set.moves[s]!
      const weight = set.weights[s]!
      const optionPnl = withOptions ? optionSum[base + s]! : 0
      const pnl = linear * move + optionPnl
      const loss = -weight * pnl
      if (loss > bestLoss) {
        bestLoss = loss
        bestIndex = s
        bestPnl = pnl
      }
      if (!liability) continue
      const lossLiability = -weight * (linearLiability * move + optionPnl)
      if (lossLiability > bestLiability) {
        bestLiability = lossLiability
        bestLiabilityIndex = s
      }
    }
    scratch.signed[f] = set.moves[bestIndex]! < 0 ? -bestLoss : bestLoss
    scratch.signedLiability[f] = set.moves[bestLiabilityIndex]! < 0 ? -bestLiability : bestLiability
    scratch.worstIndex[f] = bestIndex
    scratch.worstPnl[f] = bestPnl
  }
}

function applyContingencies(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
): number {
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
  let liabilityMm = 0
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
    if (kind[i] !== KIND_COLLATERAL) liabilityMm += mm
    if (p.basis > 0) {
      const share = Math.sign(netBasis[asset[i]!]!) * exposure[i]! * p.basis
      im += share
      mm += share * maintenanceRiskScale
    }
    scratch.contingencyIm[i] = im
    scratch.contingencyMm[i] = mm
  }
  return liabilityMm
}

/**
 * Margins the positions at `members` (ascending indices) of a kernel in a given state: tiered
 * haircuts over those positions, the scenario losses per factor from the precomputed option rows
 * and the linear exposures, the correlated aggregate K, and the contingencies. The same float
 * operations in the same order as the reference `portfolio` model on the sub-book, so the figures
 * are bit-identical to it. Per-position charges stay in `scratch`. `liability`: also aggregate the
 * liability-side losses (`kLiability`, for the health denominator); 0 otherwise.
 *
 * @example
 * const totals = evaluatePortfolio(kernel, kernel.base, kernel.all, portfolioScratch(kernel), true)
 */
export function evaluatePortfolio(
  kernel: PortfolioKernel,
  state: BookState,
  members: readonly number[],
  scratch: PortfolioScratch,
  liability: boolean,
): PortfolioTotals {
  applyHaircuts(kernel, state, members, scratch)
  scenarioLosses(kernel, state, members, scratch, liability)
  const k = correlate(kernel, scratch.signed, scratch.rs)
  const kLiability = liability ? correlate(kernel, scratch.signedLiability, undefined) : 0
  const liabilityMm = applyContingencies(kernel, state, members, scratch)
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
  return { haircutIm, haircutMm, k, kLiability, contingencyIm, contingencyMm, liabilityMm }
}
