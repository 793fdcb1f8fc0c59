import type { PreparedPosition } from '../book.js'
import { aaveV3Model, isAavePosition } from './aave-v3-model.js'
import { esModel } from './es-model.js'
import type { MarginModel, ModelName } from './model.js'
import { portfolioModel } from './portfolio-model.js'
import { standardModel } from './standard-model.js'

/** A model and the positions it covers (others are reported as `not-modelled`). */
export type ModelDefinition = { run: MarginModel; covers: (position: PreparedPosition) => boolean }

const everything = () => true

/** The models behind `computeMargin`, by name. */
export const models: Readonly<Record<ModelName, ModelDefinition>> = {
  portfolio: { run: portfolioModel, covers: everything },
  standard: { run: standardModel, covers: everything },
  es: { run: esModel, covers: everything },
  'aave-v3': { run: aaveV3Model, covers: isAavePosition },
}
