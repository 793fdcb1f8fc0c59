import normalQuantile from '@stdlib/stats-base-dists-normal-quantile'
import {
  buildCorrelationMatrix,
  type CorrelationEntry,
  defineRiskParameters,
  type FactorId,
  type FactorRiskParameters,
  type RiskParameters,
} from '@xmargin/core'
import { capFall } from './anti-procyclicality.js'
import type { CalibratedFactor, Calibration } from './calibration.js'
import { type CalibrationSettings, resolveCalibrationSettings } from './calibration-settings.js'
import { contentHash } from './content-hash.js'
import { InvalidPriceHistoryError } from './errors.js'
import { nearestCorrelation } from './nearest-correlation.js'
import { historyHash, logReturns, type PriceHistory } from './price-history.js'
import { scanRange } from './scan-range.js'
import { stressedEstimates } from './stressed-estimates.js'

/** Parameters of {@link calibrateRiskParameters}. */
export type CalibrateRiskParametersParameters = {
  /** Prices per factor on a regular grid (the look-back window). */
  history: PriceHistory
  /** Static parameters: assets, contingencies, tails' shape and every factor without history. */
  base: RiskParameters
  /** Overrides of {@link defaultCalibrationSettings}. */
  settings?: Partial<CalibrationSettings> | undefined
  /** The previous calibration: no factor parameter falls below `previous·(1 − maxFall)`. */
  previous?: Calibration | undefined
  /** Unix seconds, recorded as `createdAt`. */
  now: number
}

/** Return type of {@link calibrateRiskParameters}. */
export type CalibrateRiskParametersReturnType = Calibration

type FactorCalibration = { factor: CalibratedFactor; params: FactorRiskParameters }

/**
 * Calibrates risk parameters from a price history: per factor an EWMA volatility, blended with its
 * stressed level (EMIR art. 28(1)(b)), turned into a scan range at the settings' confidence and
 * margin period of risk, and vol shocks from the vol of vol (or the configured implied vol and the
 * base shocks); a correlation matrix blended likewise, merged with the static pairs and repaired to
 * the nearest PSD correlation matrix; then scan ranges and realised volatilities are held at least
 * at `staticFloor` times the base ones (EMIR art. 28(1)(c)), and no factor parameter falls faster
 * than `maxFall` against `previous`. Tails keep the base shape with weights scaled by scan / base scan. The result is a
 * versioned {@link Calibration} whose `parameters` pass `defineRiskParameters`.
 *
 * @example
 * const calibration = calibrateRiskParameters({
 *   history: { times: [0, 86_400, 172_800, 259_200], prices: { ETH: [2000, 2100, 1950, 2050] } },
 *   base: defaultRiskParameters,
 *   now: 259_200,
 * })
 * calibration.parameters.factors.ETH.scan // from ETH's realised volatility, at least the base 15%
 */
export function calibrateRiskParameters(
  parameters: CalibrateRiskParametersParameters,
): CalibrateRiskParametersReturnType {
  const { history, base, previous, now } = parameters
  const allFactors = Object.keys(base.factors).sort()
  const settings = resolveCalibrationSettings({ overrides: parameters.settings, factors: allFactors })
  const { factors, returns } = logReturns({ history, periodSeconds: settings.periodSeconds })
  for (const factor of factors) {
    if (!Object.hasOwn(base.factors, factor)) {
      throw new InvalidPriceHistoryError(`factor "${factor}" is not a factor of the risk parameters`, {
        details: `Known factors: ${allFactors.join(', ')}.`,
      })
    }
  }
  const estimates = stressedEstimates({
    returns,
    lambda: settings.lambda,
    stressedWeight: settings.stressedWeight,
  })
  const calibrated = factors.map((factor, i) =>
    calibrateFactor(factor, estimates.factors[i]!, base, settings, previous),
  )
  const factorParams: Record<FactorId, FactorRiskParameters> = { ...base.factors }
  for (const { factor, params } of calibrated) factorParams[factor.factor] = params

  // Calibrated pairs from the blended estimate, every other pair from the base parameters.
  const matrix = buildCorrelationMatrix({ factors: allFactors, correlations: base.correlations })
  const position = new Map(allFactors.map((factor, i) => [factor, i]))
  factors.forEach((a, i) => {
    factors.forEach((b, j) => {
      if (i !== j) matrix[position.get(a)!]![position.get(b)!] = estimates.correlation[i]![j]!
    })
  })
  const repair = nearestCorrelation({ matrix })
  const correlations: CorrelationEntry[] = []
  for (let i = 0; i < allFactors.length; i++) {
    for (let j = i + 1; j < allFactors.length; j++) {
      correlations.push([allFactors[i]!, allFactors[j]!, repair.matrix[i]![j]!])
    }
  }
  const riskParameters = defineRiskParameters({ ...base, factors: factorParams, correlations })
  const content = {
    window: {
      from: history.times[0]!,
      to: history.times[history.times.length - 1]!,
      observations: history.times.length,
    },
    inputs: {
      historyHash: historyHash(history),
      previousId: previous?.id ?? null,
      staticFactors: allFactors.filter((factor) => !factors.includes(factor)),
    },
    settings,
    factors: calibrated.map(({ factor }) => factor),
    correlations,
    correlationRepair: {
      repaired: repair.repaired,
      distance: repair.distance,
      minInputEigenvalue: repair.minInputEigenvalue,
    },
    parameters: riskParameters,
  }
  return { id: contentHash(content), createdAt: now, ...content }
}

function calibrateFactor(
  factor: FactorId,
  estimate: ReturnType<typeof stressedEstimates>['factors'][number],
  base: RiskParameters,
  settings: CalibrationSettings,
  previous: Calibration | undefined,
): FactorCalibration {
  const baseParams = base.factors[factor]!
  const before = previous?.parameters.factors[factor]
  const sigma = Math.sqrt(estimate.blended)
  const z = normalQuantile(settings.confidence, 0, 1)
  const implied = settings.impliedVolatility[factor]
  const horizon = Math.sqrt(settings.marginPeriod)
  const nu = Math.sqrt(estimate.volOfVol.blended)
  const raw = {
    scan: Math.max(
      settings.minScan,
      scanRange({
        periodVolatility: sigma,
        confidence: settings.confidence,
        marginPeriod: settings.marginPeriod,
      }),
    ),
    volatility:
      implied ?? Math.min(10, Math.max(settings.minVolatility, sigma * Math.sqrt(settings.periodsPerYear))),
    volUp: implied === undefined ? Math.min(10, Math.expm1(z * nu * horizon)) : baseParams.volUp,
    volDown: implied === undefined ? -Math.expm1(-z * nu * horizon) : baseParams.volDown,
  }
  // EMIR art. 28(1)(c)-style floor: the static scan range, and the static volatility where it is
  // realised (a configured implied vol is the market's own figure, not floored).
  const floor = {
    scan: settings.staticFloor * baseParams.scan,
    volatility: implied === undefined ? settings.staticFloor * baseParams.volatility : 0,
    volUp: 0,
    volDown: 0,
  }
  const floored: CalibratedFactor['floored'][number][] = []
  const capped: CalibratedFactor['capped'][number][] = []
  const final = { ...raw }
  for (const key of ['scan', 'volatility', 'volUp', 'volDown'] as const) {
    const held = Math.max(raw[key], floor[key])
    if (held > raw[key] && (key === 'scan' || key === 'volatility')) floored.push(key)
    final[key] = capFall({ value: held, previous: before?.[key], maxFall: settings.maxFall })
    if (final[key] > held) capped.push(key)
  }
  const tailScale = final.scan / baseParams.scan
  return {
    factor: {
      factor,
      volatilitySource: implied === undefined ? 'realised' : 'implied',
      periodVolatility: Math.sqrt(estimate.current),
      stressedPeriodVolatility: Math.sqrt(estimate.stressed),
      blendedPeriodVolatility: sigma,
      volatility: final.volatility,
      scanRange: final.scan,
      volUp: final.volUp,
      volDown: final.volDown,
      floored,
      capped,
    },
    params: {
      ...baseParams,
      scan: final.scan,
      volatility: final.volatility,
      volUp: final.volUp,
      volDown: final.volDown,
      tails: baseParams.tails.map((tail) => ({
        move: tail.move,
        weight: Math.min(1, tail.weight * tailScale),
      })),
    },
  }
}
