import type { PreparedBook } from '../book.js'
import { moveFactor } from '../prepare-inputs.js'
import type { ModelDefinition } from './index.js'
import type { BookEvaluator, MarginModel } from './model.js'

function equityOf(book: PreparedBook): number {
  let equity = 0
  for (const p of book.positions) equity += p.value
  return equity
}

/**
 * The evaluator of any model by re-running it: on the sub-book of a bucket, and on a book whose
 * factor has been moved (every position of the factor revalued).
 *
 * @example
 * const evaluator = rerunEvaluator(standardModel, book)
 */
export function rerunEvaluator(run: MarginModel, book: PreparedBook): BookEvaluator {
  const figures = run(book)
  return {
    figures,
    bucketMargins: (members) => {
      const result = run({ ...book, positions: members.map((i) => book.positions[i]!) })
      return { initialMargin: result.initialMargin, maintenanceMargin: result.maintenanceMargin }
    },
    surplus: (factor) => (ratio) => {
      if (ratio === 1) return equityOf(book) - figures.maintenanceMargin
      const moved = moveFactor(book, factor, ratio)
      return equityOf(moved) - run(moved).maintenanceMargin
    },
  }
}

/**
 * Binds a model to a book: its own evaluator when it has one (the `portfolio` model's precomputed
 * kernel), else {@link rerunEvaluator}.
 *
 * @example
 * const { figures, bucketMargins, surplus } = createEvaluator(models.portfolio, book)
 */
export function createEvaluator(definition: ModelDefinition, book: PreparedBook): BookEvaluator {
  return definition.evaluate ? definition.evaluate(book) : rerunEvaluator(definition.run, book)
}
