import type { PreparedBook } from '../book.js'
import { moveAsset, moveFactor } from '../prepare-inputs.js'
import { noWorstScenario } from '../scenario-risk.js'
import { type BookEvaluator, type BucketMargins, emptyCharges, type ModelFigures } from './model.js'

function equityOf(book: PreparedBook): number {
  let equity = 0
  for (const p of book.positions) equity += p.value
  return equity
}

const NO_MARGIN: BucketMargins = { initialMargin: 0, maintenanceMargin: 0 }

/**
 * {@link liabilityFreeEvaluator}'s evaluator: a class, so that binding a book allocates no
 * closures.
 */
class LiabilityFreeEvaluator implements BookEvaluator {
  readonly figures: ModelFigures
  readonly liabilityFree = true
  readonly #book: PreparedBook

  constructor(book: PreparedBook) {
    this.#book = book
    this.figures = {
      haircutIm: 0,
      haircutMm: 0,
      riskIm: 0,
      riskMm: 0,
      contingencyIm: 0,
      contingencyMm: 0,
      initialMargin: 0,
      maintenanceMargin: 0,
      charges: emptyCharges(book.positions.length),
      worstScenarios: book.factors.map(noWorstScenario),
    }
  }

  bucketMargins(): BucketMargins {
    return NO_MARGIN
  }

  partitionMargins(_bucketOf: readonly number[], count: number, im: number[], mm: number[]): void {
    for (let b = 0; b < count; b++) {
      im[b] = 0
      mm[b] = 0
    }
  }

  // E − MM with MM = 0 whatever the prices: moving a price changes no position's kind.
  surplus(factor: number): (ratio: number) => number {
    return (ratio) => equityOf(moveFactor(this.#book, factor, ratio))
  }

  assetSurplus(_factor: number, asset: string): (ratio: number) => number {
    return (ratio) => equityOf(moveAsset(this.#book, asset, ratio))
  }
}

/**
 * The `portfolio` model bound to a book that holds no liability ({@link holdsLiability} false:
 * no debt, no perp, no written option): it owes nobody anything, so it requires no margin and is
 * never liquidatable (issue 19). IM = MM = 0, every charge and contribution 0, no binding
 * scenario; every (chain, venue) bucket of it owes nothing either. Nothing is laid out or priced:
 * the check before it is one pass over the positions.
 *
 * @example
 * const evaluator = liabilityFreeEvaluator(prepareInputs({ positions: [usdcInWallet], prices, params, now }).book)
 * evaluator.figures.initialMargin // 0
 */
export function liabilityFreeEvaluator(book: PreparedBook): BookEvaluator {
  return new LiabilityFreeEvaluator(book)
}
