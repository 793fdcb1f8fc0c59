import type { FactorId } from '@xmargin/core'
import type { PreparedBook } from '../book.js'

/** The models behind `computeMargin`. */
export type ModelName = 'portfolio' | 'standard' | 'es' | 'aave-v3' | 'derive-pmrm'

/** The worst scenario of one factor (the loss L_f and its signed form S_f). */
export type WorstScenario = {
  factor: FactorId
  /** Relative spot move of the factor (−0.15 = −15%). */
  spotMove: number
  volMove: 'up' | 'none' | 'down'
  /** Scenario weight (1 on the grid, < 1 on tails). */
  weight: number
  /**
   * `grid`/`tail`: this factor alone; `joint`: a correlated co-move of several factors; `crash`:
   * stressed correlation (all crypto together, with or without a stablecoin depeg). In the
   * `portfolio` model every factor's entry describes the one binding joint scenario.
   */
  kind: 'grid' | 'tail' | 'joint' | 'crash'
  /** Unweighted PnL of the book's positions on this factor in that scenario. */
  pnl: number
  /**
   * −weight·pnl: this factor's share of the scenario's loss (`portfolio`: negative when the
   * factor offsets the others in the binding scenario; the shares add up to K).
   */
  loss: number
  /** −loss for a down move, +loss for an up (or vol-only) move. */
  signedLoss: number
}

/** One position's share of each charge. Sums over positions equal the book's charges. */
export type PositionCharges = {
  haircutIm: number
  haircutMm: number
  riskIm: number
  riskMm: number
  contingencyIm: number
  contingencyMm: number
}

/** What a model returns for a prepared book. */
export type ModelFigures = {
  haircutIm: number
  haircutMm: number
  riskIm: number
  riskMm: number
  contingencyIm: number
  contingencyMm: number
  initialMargin: number
  maintenanceMargin: number
  /** Aligned with `book.positions`. */
  charges: PositionCharges[]
  worstScenarios: WorstScenario[]
  /** Set by models with their own health rule (Aave's health factor). */
  health?: number | undefined
  /** Set by models whose status follows a venue rule rather than E against IM / MM. */
  status?: 'HEALTHY' | 'WARNING' | 'LIQUIDATABLE' | undefined
}

/** A margin model: a pure function of a prepared book. */
export type MarginModel = (book: PreparedBook) => ModelFigures

/** Sum of a numeric field over positions, in position order (fixed summation order). */
export function sumCharges(charges: readonly PositionCharges[], key: keyof PositionCharges): number {
  let total = 0
  for (const charge of charges) total += charge[key]
  return total
}

export function emptyCharges(count: number): PositionCharges[] {
  return Array.from({ length: count }, () => ({
    haircutIm: 0,
    haircutMm: 0,
    riskIm: 0,
    riskMm: 0,
    contingencyIm: 0,
    contingencyMm: 0,
  }))
}

/** IM and MM of a group of positions margined on its own. */
export type BucketMargins = { initialMargin: number; maintenanceMargin: number }

/**
 * A model bound to one book: its figures, plus what the report derives from re-running the model
 * (isolated buckets, factor moves for liquidation prices). Models that can, answer those from data
 * precomputed for the book instead of re-running on rebuilt books. Methods (implemented by classes):
 * call them on the evaluator, e.g. `(f) => evaluator.surplus(f)`.
 */
export type BookEvaluator = {
  readonly figures: ModelFigures
  /**
   * The book owes nothing (no debt, perp or written option) and the model requires no margin of
   * it: no liquidation price to search (the `portfolio` model, issue 19).
   */
  readonly liabilityFree?: boolean | undefined
  /** IM and MM of the positions at `members` (ascending indices into `book.positions`) alone. */
  bucketMargins(members: readonly number[]): BucketMargins
  /**
   * IM and MM of every bucket of a partition of the book, each margined alone: `bucketOf[i]` is
   * position i's bucket (0..count−1); writes bucket b's figures into `initialMargin[b]` and
   * `maintenanceMargin[b]`. The same figures as {@link BookEvaluator.bucketMargins} per bucket.
   */
  partitionMargins(
    bucketOf: readonly number[],
    count: number,
    initialMargin: number[],
    maintenanceMargin: number[],
  ): void
  /** E − MM of the whole book as a function of the ratio applied to factor `factor`'s prices. */
  surplus(factor: number): (ratio: number) => number
  /**
   * E − MM as a function of the ratio applied to one asset's prices alone (a basis move within
   * `factor`); models without a fast path leave it out and the report re-runs them.
   */
  assetSurplus?(factor: number, asset: string): (ratio: number) => number
}
