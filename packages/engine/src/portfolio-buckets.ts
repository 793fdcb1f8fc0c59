import {
  type BookState,
  KIND_COLLATERAL,
  KIND_OPTION,
  KIND_PERP,
  type PortfolioKernel,
} from './portfolio-kernel.js'
import { writeTieredHaircut } from './portfolio-margin.js'
import { presentScenarioList, worstJointScenario, worstLinearScenario } from './scenario-list.js'

/**
 * Working arrays of {@link evaluateBuckets}: per (bucket, asset), per (bucket, factor), per
 * (bucket, factor, scenario) and per bucket, flattened bucket-major.
 */
type BucketScratch = {
  assetTotal: Float64Array
  tierIm: Float64Array
  tierMm: Float64Array
  tierDone: Uint8Array
  netBasis: Float64Array
  exposure: Float64Array
  hasOptions: Uint8Array
  present: Uint8Array
  optionSum: Float64Array
  rows: Float64Array
  /** One bucket's exposures on its own factors, compacted (the linear scan's input). */
  own: Float64Array
  withOptions: Uint8Array
  haircutIm: Float64Array
  haircutMm: Float64Array
  contingencyIm: Float64Array
  contingencyMm: Float64Array
}

function allocate(assetSlots: number, factorSlots: number, rowSlots: number, buckets: number): BucketScratch {
  return {
    assetTotal: new Float64Array(assetSlots),
    tierIm: new Float64Array(assetSlots),
    tierMm: new Float64Array(assetSlots),
    tierDone: new Uint8Array(assetSlots),
    netBasis: new Float64Array(assetSlots),
    exposure: new Float64Array(factorSlots),
    hasOptions: new Uint8Array(factorSlots),
    present: new Uint8Array(factorSlots),
    optionSum: new Float64Array(rowSlots),
    rows: new Float64Array(rowSlots),
    own: new Float64Array(factorSlots),
    withOptions: new Uint8Array(buckets),
    haircutIm: new Float64Array(buckets),
    haircutMm: new Float64Array(buckets),
    contingencyIm: new Float64Array(buckets),
    contingencyMm: new Float64Array(buckets),
  }
}

/** Grow-only, shared by every call (synchronous; nothing in it outlives a call). */
let shared = allocate(64, 64, 2048, 16)

function scratchFor(
  assetSlots: number,
  factorSlots: number,
  rowSlots: number,
  buckets: number,
): BucketScratch {
  if (
    shared.assetTotal.length < assetSlots ||
    shared.exposure.length < factorSlots ||
    shared.optionSum.length < rowSlots ||
    shared.haircutIm.length < buckets
  ) {
    shared = allocate(
      Math.max(assetSlots, shared.assetTotal.length),
      Math.max(factorSlots, shared.exposure.length),
      Math.max(rowSlots, shared.optionSum.length),
      Math.max(buckets, shared.haircutIm.length),
    )
  }
  return shared
}

/** Accumulates, in position order, each bucket's asset totals, net basis, factor exposures and option rows. */
function accumulate(
  kernel: PortfolioKernel,
  state: BookState,
  bucketOf: readonly number[],
  s: BucketScratch,
) {
  const { n, nf, nAssets, kind, factor, asset, optionRow, stride, sets } = kernel
  const positions = kernel.book.positions
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i]!
    const ba = b * nAssets + asset[i]!
    const v = state.value[i]!
    if (kind[i] === KIND_COLLATERAL && !(v <= 0)) s.assetTotal[ba]! += v
    if (positions[i]!.basis > 0) s.netBasis[ba]! += state.exposure[i]!
    const f = factor[i]!
    const bf = b * nf + f
    s.present[bf] = 1
    if (kind[i] === KIND_OPTION) {
      const count = sets[f]!.moves.length
      const to = bf * stride
      s.withOptions[b] = 1
      if (!s.hasOptions[bf]) {
        s.hasOptions[bf] = 1
        for (let k = 0; k < count; k++) s.optionSum[to + k] = 0
      }
      const from = optionRow[i]! * stride
      for (let k = 0; k < count; k++) s.optionSum[to + k]! += state.optionPnl[from + k]!
    } else {
      s.exposure[bf]! += state.exposure[i]!
    }
  }
}

/** Per position: its haircut and contingency charges within its bucket, added to the bucket's totals. */
function charge(kernel: PortfolioKernel, state: BookState, bucketOf: readonly number[], s: BucketScratch) {
  const { n, nAssets, kind, asset, tiers } = kernel
  const positions = kernel.book.positions
  const { contingencies, maintenanceRiskScale } = kernel.book.params
  const { value, exposure, price } = state
  for (let i = 0; i < n; i++) {
    const b = bucketOf[i]!
    const ba = b * nAssets + asset[i]!
    const p = positions[i]!
    const v = value[i]!
    let haircutIm = 0
    let haircutMm = 0
    if (kind[i] === KIND_COLLATERAL && !(v <= 0)) {
      if (!s.tierDone[ba]) {
        writeTieredHaircut(tiers[asset[i]!]!, s.assetTotal[ba]!, s.tierIm, s.tierMm, ba)
        s.tierDone[ba] = 1
      }
      const share = v / s.assetTotal[ba]!
      const addOn = p.bridgedAddOn
      haircutIm = Math.min(v, share * s.tierIm[ba]! + v * addOn)
      haircutMm = Math.min(v, share * s.tierMm[ba]! + v * addOn)
    }
    s.haircutIm[b]! += haircutIm
    s.haircutMm[b]! += haircutMm
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
      im += Math.abs(v) * contingencies.stale.im
      mm += Math.abs(v) * contingencies.stale.mm
    }
    if (p.basis > 0) {
      const share = Math.sign(s.netBasis[ba]!) * exposure[i]! * p.basis
      im += share
      mm += share * maintenanceRiskScale
    }
    s.contingencyIm[b]! += im
    s.contingencyMm[b]! += mm
  }
}

/**
 * K of bucket `b`: each factor's PnL row, then the worst joint scenario (as `evaluatePortfolio`). A
 * bucket without options: straight from the exposures of its own factors (no rows: the same sums)
 * over the scenarios that move them ({@link presentScenarioList}: a scenario moving none loses 0).
 */
function bucketRisk(kernel: PortfolioKernel, s: BucketScratch, b: number): number {
  const { nf, stride, sets } = kernel
  const from = b * nf
  if (!s.withOptions[b]) {
    let width = 0
    for (let f = 0; f < nf; f++) if (s.present[from + f]) s.own[width++] = s.exposure[from + f]!
    return worstLinearScenario(presentScenarioList(kernel.design, kernel.designOf, s.present, from), s.own, 0)
      .loss
  }
  for (let f = 0; f < nf; f++) {
    const bf = from + f
    if (!s.present[bf]) continue
    const moves = sets[f]!.moves
    const row = bf * stride
    const linear = s.exposure[bf]!
    if (s.hasOptions[bf])
      for (let k = 0; k < moves.length; k++) s.rows[row + k] = linear * moves[k]! + s.optionSum[row + k]!
    else {
      const count = kernel.withOptions ? moves.length : sets[f]!.linearPoints
      for (let k = 0; k < count; k++) s.rows[row + k] = linear * moves[k]! + 0
    }
  }
  return worstJointScenario(kernel.list, s.present, from, s.rows, from * stride, s.withOptions[b] === 1).loss
}

/**
 * Margins every bucket of a partition of the book on its own, in one pass over the positions:
 * `bucketOf[i]` is position i's bucket (0..count−1). The same float operations in the same order
 * as {@link evaluatePortfolio} on each bucket's members (each bucket's sums run over its positions
 * in book order), so the figures are bit-identical to it. Writes IM and MM of bucket b into
 * `initialMargin[b]` and `maintenanceMargin[b]`; with `margined`, a bucket b with `margined[b]` 0
 * gets 0 for both without a scenario scan (the liability rule's bucket that owes nothing).
 *
 * @example
 * evaluateBuckets(kernel, kernel.base, [0, 0, 1], 2, im, mm)
 */
export function evaluateBuckets(
  kernel: PortfolioKernel,
  state: BookState,
  bucketOf: readonly number[],
  count: number,
  initialMargin: number[],
  maintenanceMargin: number[],
  margined: Uint8Array | undefined = undefined,
): void {
  const { nf, nAssets, stride } = kernel
  const s = scratchFor(count * nAssets, count * nf, count * nf * stride, count)
  for (let j = 0; j < count * nAssets; j++) {
    s.assetTotal[j] = 0
    s.tierDone[j] = 0
    s.netBasis[j] = 0
  }
  for (let j = 0; j < count * nf; j++) {
    s.present[j] = 0
    s.exposure[j] = 0
    s.hasOptions[j] = 0
  }
  for (let b = 0; b < count; b++) {
    s.withOptions[b] = 0
    s.haircutIm[b] = 0
    s.haircutMm[b] = 0
    s.contingencyIm[b] = 0
    s.contingencyMm[b] = 0
  }
  accumulate(kernel, state, bucketOf, s)
  charge(kernel, state, bucketOf, s)
  const scale = kernel.book.params.maintenanceRiskScale
  for (let b = 0; b < count; b++) {
    if (margined !== undefined && !margined[b]) {
      initialMargin[b] = 0
      maintenanceMargin[b] = 0
      continue
    }
    const k = bucketRisk(kernel, s, b)
    initialMargin[b] = s.haircutIm[b]! + k + s.contingencyIm[b]!
    maintenanceMargin[b] = s.haircutMm[b]! + k * scale + s.contingencyMm[b]!
  }
}
