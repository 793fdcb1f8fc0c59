import {
  type CalibrationSettings,
  emirLookbackObservations,
  InvalidCalibrationSettingsError,
  resolveCalibrationSettings,
} from '@xmargin/engine'

/** Where the risk parameters of every report come from. */
export type MarginParameterModel = 'static' | 'dynamic'

/**
 * `margin` in `xmargin.config.ts`: `static` (the default) margins with the config's risk parameters;
 * `dynamic` calibrates them from the indexed feed rounds (the price history) as of each report's
 * pinned blocks, and every report names the parameter set it used.
 */
export type MarginConfig = {
  /** Default `static`. */
  model?: MarginParameterModel | undefined
  /** `dynamic` only: daily observations per calibration (the look-back). Default 365. */
  window?: number | undefined
  /**
   * `dynamic` only: age in seconds (against the clock) of the newest round of every calibrated
   * factor beyond which the history is stale and a report is refused (`STALE_DATA`). Default 2 days.
   */
  maxHistoryAgeSeconds?: number | undefined
  /** `dynamic` only: overrides of the engine's `defaultCalibrationSettings` (λ, confidence, MPOR…). */
  calibration?: Partial<CalibrationSettings> | undefined
}

/** `margin` after validation, defaults applied. */
export type ResolvedMarginSettings =
  | { model: 'static' }
  | {
      model: 'dynamic'
      window: number
      maxHistoryAgeSeconds: number
      /** Every setting resolved (the engine's defaults under the overrides). */
      calibration: CalibrationSettings
    }

/**
 * Defaults of a `dynamic` margin config. `window`: the engine's `emirLookbackObservations` (365 daily
 * closes, EMIR's 12-month minimum look-back; its JSDoc says why not shorter). A history shorter than
 * the window is refused (`INSUFFICIENT_HISTORY`), never calibrated on fewer closes.
 *
 * @example
 * defaultDynamicMargin.window // 365
 */
export const defaultDynamicMargin = {
  window: emirLookbackObservations,
  maxHistoryAgeSeconds: 2 * 86_400,
} as const

const models: readonly MarginParameterModel[] = ['static', 'dynamic']
const keys = ['model', 'window', 'maxHistoryAgeSeconds', 'calibration']
const calibrationKeys = [
  'lambda',
  'confidence',
  'marginPeriod',
  'periodSeconds',
  'periodsPerYear',
  'stressedWeight',
  'staticFloor',
  'maxFall',
  'minScan',
  'minVolatility',
  'impliedVolatility',
] as const satisfies readonly (keyof CalibrationSettings)[]

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parameters of {@link validateMarginSettings}. */
export type ValidateMarginSettingsParameters = {
  margin: unknown
  /** Factors of the resolved risk parameters (an implied vol for another name is an error). */
  factors: readonly string[]
  issue: (path: string, message: string) => void
}

/**
 * Validates `margin`: the model is `static` or `dynamic` (anything else is an error, as is an unknown
 * key), the dynamic settings are in range (the calibration overrides through the engine's
 * `resolveCalibrationSettings`), and a static config carries no dynamic settings. Problems go to
 * `issue` under `margin.`.
 *
 * @example
 * const issues: ConfigIssue[] = []
 * validateMarginSettings({ margin: { model: 'dynamic', window: 90 }, factors: ['ETH'], issue: (path, message) => issues.push({ path, message }) })
 * // { model: 'dynamic', window: 90, maxHistoryAgeSeconds: 172800, calibration: { lambda: 0.94, … } }
 */
export function validateMarginSettings(parameters: ValidateMarginSettingsParameters): ResolvedMarginSettings {
  const { margin, issue } = parameters
  if (margin === undefined) return { model: 'static' }
  if (!isObject(margin)) {
    issue('margin', "must be { model: 'static' | 'dynamic', … }")
    return { model: 'static' }
  }
  for (const key of Object.keys(margin))
    if (!keys.includes(key)) issue(`margin.${key}`, `unknown key (expected one of ${keys.join(', ')})`)
  const model = margin.model ?? 'static'
  if (!models.includes(model as MarginParameterModel)) {
    issue('margin.model', `unknown model ${JSON.stringify(model)} (expected one of ${models.join(', ')})`)
    return { model: 'static' }
  }
  if (model === 'static') {
    for (const key of keys.slice(1))
      if (margin[key] !== undefined) issue(`margin.${key}`, "applies only to model: 'dynamic'")
    return { model: 'static' }
  }
  const window = margin.window ?? defaultDynamicMargin.window
  if (typeof window !== 'number' || !Number.isInteger(window) || window < 3 || window > 3650)
    issue('margin.window', `must be an integer number of observations in [3, 3650], got ${String(window)}`)
  const maxAge = margin.maxHistoryAgeSeconds ?? defaultDynamicMargin.maxHistoryAgeSeconds
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 1)
    issue('margin.maxHistoryAgeSeconds', `must be a positive integer, got ${String(maxAge)}`)
  const overrides = margin.calibration ?? {}
  let calibration = resolveCalibrationSettings({ factors: parameters.factors })
  if (!isObject(overrides)) issue('margin.calibration', 'must be an object of calibration settings')
  else {
    for (const key of Object.keys(overrides))
      if (!(calibrationKeys as readonly string[]).includes(key))
        issue(`margin.calibration.${key}`, `unknown setting (expected one of ${calibrationKeys.join(', ')})`)
    try {
      calibration = resolveCalibrationSettings({
        overrides: overrides as Partial<CalibrationSettings>,
        factors: parameters.factors,
      })
    } catch (error) {
      if (!(error instanceof InvalidCalibrationSettingsError)) throw error
      issue('margin.calibration', error.shortMessage)
    }
  }
  return {
    model: 'dynamic',
    window: window as number,
    maxHistoryAgeSeconds: maxAge as number,
    calibration,
  }
}
