import type { PreparedBook, PreparedPosition } from '../book.js'
import { isDerivePosition } from '../derive/book-to-derive-input.js'
import { aaveV3Model, isAavePosition } from './aave-v3-model.js'
import { derivePmrmModel } from './derive-pmrm-model.js'
import { esModel } from './es-model.js'
import type { BookEvaluator, MarginModel, ModelName } from './model.js'
import { portfolioEvaluator, portfolioModel } from './portfolio-model.js'
import { standardModel } from './standard-model.js'

/**
 * A model, the positions it covers (others are reported as `not-modelled`) and, optionally, its
 * own evaluator (figures plus cheap bucket and factor-move re-evaluation; default: re-run).
 */
export type ModelDefinition = {
  run: MarginModel
  covers: (position: PreparedPosition) => boolean
  evaluate?: ((book: PreparedBook) => BookEvaluator) | undefined
}

const everything = () => true

/** The models behind `computeMargin`, by name. */
export const models: Readonly<Record<ModelName, ModelDefinition>> = {
  portfolio: { run: portfolioModel, covers: everything, evaluate: portfolioEvaluator },
  standard: { run: standardModel, covers: everything },
  es: { run: esModel, covers: everything },
  'aave-v3': { run: aaveV3Model, covers: isAavePosition },
  'derive-pmrm': { run: derivePmrmModel, covers: isDerivePosition },
}
