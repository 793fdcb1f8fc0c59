import type { PreparedBook } from '../book.js'
import { moveFactor } from '../prepare-inputs.js'
import type { ModelDefinition } from './index.js'
import type { BookEvaluator, BucketMargins, MarginModel, ModelFigures } from './model.js'

function equityOf(book: PreparedBook): number {
  let equity = 0
  for (const p of book.positions) equity += p.value
  return equity
}

/** {@link rerunEvaluator}'s evaluator: a class, so that binding a book allocates no closures. */
class RerunEvaluator implements BookEvaluator {
  readonly figures: ModelFigures
  readonly #run: MarginModel
  readonly #book: PreparedBook

  constructor(run: MarginModel, book: PreparedBook) {
    this.#run = run
    this.#book = book
    this.figures = run(book)
  }

  bucketMargins(members: readonly number[]): BucketMargins {
    const book = this.#book
    const result = this.#run({ ...book, positions: members.map((i) => book.positions[i]!) })
    return { initialMargin: result.initialMargin, maintenanceMargin: result.maintenanceMargin }
  }

  partitionMargins(
    bucketOf: readonly number[],
    count: number,
    initialMargin: number[],
    maintenanceMargin: number[],
  ): void {
    for (let b = 0; b < count; b++) {
      const members: number[] = []
      for (let i = 0; i < bucketOf.length; i++) if (bucketOf[i] === b) members.push(i)
      const result = this.bucketMargins(members)
      initialMargin[b] = result.initialMargin
      maintenanceMargin[b] = result.maintenanceMargin
    }
  }

  surplus(factor: number): (ratio: number) => number {
    const book = this.#book
    const run = this.#run
    const maintenanceMargin = this.figures.maintenanceMargin
    return (ratio) => {
      if (ratio === 1) return equityOf(book) - maintenanceMargin
      const moved = moveFactor(book, factor, ratio)
      return equityOf(moved) - run(moved).maintenanceMargin
    }
  }
}

/**
 * The evaluator of any model by re-running it: on the sub-book of a bucket, and on a book whose
 * factor has been moved (every position of the factor revalued).
 *
 * @example
 * const evaluator = rerunEvaluator(standardModel, book)
 */
export function rerunEvaluator(run: MarginModel, book: PreparedBook): BookEvaluator {
  return new RerunEvaluator(run, book)
}

/**
 * Binds a model to a book: its own evaluator when it has one (the `portfolio` model's precomputed
 * kernel), else {@link rerunEvaluator}.
 *
 * @example
 * const { figures } = createEvaluator(models.portfolio, book)
 */
export function createEvaluator(definition: ModelDefinition, book: PreparedBook): BookEvaluator {
  return definition.evaluate ? definition.evaluate(book) : rerunEvaluator(definition.run, book)
}
