import type { CorrelationEntry, FactorId, RiskParameters } from '@xmargin/core'
import type { CalibrationSettings } from './calibration-settings.js'

/** What a calibration measured and set for one factor. */
export type CalibratedFactor = {
  factor: FactorId
  /** Where `volatility` came from: realised (EWMA) or a configured implied vol. */
  volatilitySource: 'realised' | 'implied'
  /** Current EWMA σ of one period's log return. */
  periodVolatility: number
  /** Peak EWMA σ over the look-back. */
  stressedPeriodVolatility: number
  /** σ after EMIR art. 28(1)(b): √((1 − w)·σ² + w·σ²_stressed). */
  blendedPeriodVolatility: number
  /** Final annualised volatility (after the floor and the fall cap). */
  volatility: number
  /** Final scan range (after the floor and the fall cap). */
  scanRange: number
  /** Final vol shock coefficients. */
  volUp: number
  volDown: number
  /** Parameters the static floor (`settings.staticFloor`) held up (empty when none). */
  floored: readonly ('scan' | 'volatility')[]
  /** Parameters that the fall cap held up, beyond the floor (empty when none). */
  capped: readonly ('scan' | 'volatility' | 'volUp' | 'volDown')[]
}

/**
 * A versioned parameter set: the risk parameters a calibration produced, with what it was made
 * from. `id` is the content hash of everything but `createdAt`, so the same inputs and settings
 * always give the same id.
 */
export type Calibration = {
  /** sha256 (hex) of the canonical JSON of the calibration without `createdAt`. */
  id: string
  /** Unix seconds, passed by the caller (the engine has no clock). */
  createdAt: number
  /** The look-back: first and last observation time, number of prices per factor. */
  window: { from: number; to: number; observations: number }
  inputs: {
    /** `historyHash` of the price history. */
    historyHash: string
    /** The calibration whose parameters the fall cap compared with, if any. */
    previousId: string | null
    /** Factors of the base parameters with no history: they keep their static parameters. */
    staticFactors: readonly FactorId[]
  }
  settings: CalibrationSettings
  factors: readonly CalibratedFactor[]
  /** Every pair of distinct factors, as set in `parameters.correlations`. */
  correlations: readonly CorrelationEntry[]
  /** Whether the correlation estimate needed a PSD repair, and how far it moved. */
  correlationRepair: { repaired: boolean; distance: number; minInputEigenvalue: number }
  /** The base parameters with factors and correlations replaced; validated. */
  parameters: RiskParameters
}
