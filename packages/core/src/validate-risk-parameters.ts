import { buildCorrelationMatrix, choleskyDecompose } from './correlation.js'
import { InvalidRiskParametersError, type RiskParameterIssue } from './errors/risk-parameters-errors.js'
import type { FeedKind } from './price-age.js'
import type { MarginFractions, RiskParameters } from './risk-parameters.js'

/** Parameters of {@link validateRiskParameters}: the candidate parameters. */
export type ValidateRiskParametersParameters = RiskParameters

/** Return type of {@link validateRiskParameters}: every issue found (empty when valid). */
export type ValidateRiskParametersReturnType = RiskParameterIssue[]

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

function checkFraction(issues: RiskParameterIssue[], path: string, value: unknown, max = 1): void {
  if (!isFiniteNumber(value) || value < 0 || value > max) {
    issues.push({ path, message: `must be a number in [0, ${max}], got ${String(value)}` })
  }
}

function checkPair(issues: RiskParameterIssue[], path: string, pair: MarginFractions): void {
  checkFraction(issues, `${path}.im`, pair.im)
  checkFraction(issues, `${path}.mm`, pair.mm)
  if (isFiniteNumber(pair.im) && isFiniteNumber(pair.mm) && pair.mm > pair.im) {
    issues.push({ path: `${path}.mm`, message: `maintenance ${pair.mm} exceeds initial ${pair.im}` })
  }
}

function checkAssets(parameters: RiskParameters, issues: RiskParameterIssue[]): void {
  for (const [asset, risk] of Object.entries(parameters.assets)) {
    const path = `assets.${asset}`
    if (typeof risk.factor !== 'string' || risk.factor === '') {
      issues.push({ path: `${path}.factor`, message: 'asset has no factor' })
    } else if (!Object.hasOwn(parameters.factors, risk.factor)) {
      issues.push({ path: `${path}.factor`, message: `unknown factor "${risk.factor}"` })
    }
    if (risk.basis !== undefined) checkFraction(issues, `${path}.basis`, risk.basis)
    if (!Array.isArray(risk.haircuts) || risk.haircuts.length === 0) {
      issues.push({ path: `${path}.haircuts`, message: 'needs at least one tier' })
    } else {
      let previous = 0
      risk.haircuts.forEach((tier, i) => {
        const tierPath = `${path}.haircuts[${i}]`
        checkPair(issues, tierPath, tier)
        const last = i === risk.haircuts.length - 1
        if (last && tier.upToUsd !== null) {
          issues.push({ path: `${tierPath}.upToUsd`, message: 'the last tier must be unbounded (null)' })
        }
        if (!last) {
          if (!isFiniteNumber(tier.upToUsd) || tier.upToUsd <= previous) {
            issues.push({ path: `${tierPath}.upToUsd`, message: `must be a number above ${previous}` })
          } else {
            previous = tier.upToUsd
          }
        }
      })
    }
    for (const [chainId, addOn] of Object.entries(risk.bridgedAddOn ?? {})) {
      if (!/^[0-9]+$/.test(chainId)) {
        issues.push({ path: `${path}.bridgedAddOn.${chainId}`, message: 'key must be a chain id' })
      }
      checkFraction(issues, `${path}.bridgedAddOn.${chainId}`, addOn)
    }
  }
}

function checkFactors(parameters: RiskParameters, issues: RiskParameterIssue[]): void {
  for (const [factor, risk] of Object.entries(parameters.factors)) {
    const path = `factors.${factor}`
    if (!isFiniteNumber(risk.scan) || risk.scan <= 0 || risk.scan > 1) {
      issues.push({ path: `${path}.scan`, message: `must be in (0, 1], got ${String(risk.scan)}` })
    }
    checkFraction(issues, `${path}.volUp`, risk.volUp, 10)
    checkFraction(issues, `${path}.volDown`, risk.volDown, 10)
    if (!isFiniteNumber(risk.volatility) || risk.volatility <= 0 || risk.volatility > 10) {
      issues.push({
        path: `${path}.volatility`,
        message: `must be in (0, 10], got ${String(risk.volatility)}`,
      })
    }
    if (risk.stable !== undefined && typeof risk.stable !== 'boolean') {
      issues.push({ path: `${path}.stable`, message: `must be a boolean, got ${String(risk.stable)}` })
    }
    risk.tails.forEach((tail, i) => {
      if (!isFiniteNumber(tail.move) || tail.move <= -1 || tail.move === 0 || tail.move > 10) {
        issues.push({ path: `${path}.tails[${i}].move`, message: `must be in (-1, 10] and not 0` })
      }
      checkFraction(issues, `${path}.tails[${i}].weight`, tail.weight)
    })
    const reference = parameters.assets[risk.referenceAsset]
    if (!reference || reference.factor !== factor) {
      issues.push({
        path: `${path}.referenceAsset`,
        message: `"${risk.referenceAsset}" must be an asset mapped to factor ${factor}`,
      })
    }
  }
}

function checkCorrelations(parameters: RiskParameters, issues: RiskParameterIssue[]): void {
  const seen = new Set<string>()
  let shapeOk = true
  for (const [a, b, rho] of parameters.correlations) {
    const path = `correlations.${a}/${b}`
    for (const factor of [a, b]) {
      if (!Object.hasOwn(parameters.factors, factor)) {
        issues.push({ path, message: `unknown factor "${factor}"` })
        shapeOk = false
      }
    }
    if (a === b) {
      issues.push({ path, message: 'the diagonal is 1 by definition; list only pairs of distinct factors' })
      shapeOk = false
    }
    const key = [a, b].sort().join('/')
    if (seen.has(key)) {
      issues.push({ path, message: 'pair listed twice (the matrix is symmetric: list each pair once)' })
      shapeOk = false
    }
    seen.add(key)
    if (!isFiniteNumber(rho) || rho < -1 || rho > 1) {
      issues.push({ path, message: `correlation must be in [-1, 1], got ${String(rho)}` })
      shapeOk = false
    }
  }
  if (!shapeOk) return
  const factors = Object.keys(parameters.factors).sort()
  const matrix = buildCorrelationMatrix({ factors, correlations: parameters.correlations })
  const cholesky = choleskyDecompose(matrix)
  if (!cholesky.ok) {
    issues.push({
      path: `correlations.${factors[cholesky.row] ?? cholesky.row}`,
      message: `matrix is not positive semi-definite (pivot ${cholesky.pivot.toPrecision(4)} at factor ${
        factors[cholesky.row]
      })`,
    })
  }
}

function checkScalars(parameters: RiskParameters, issues: RiskParameterIssue[]): void {
  checkPair(issues, 'contingencies.perp', parameters.contingencies.perp)
  checkPair(issues, 'contingencies.shortOption', parameters.contingencies.shortOption)
  checkPair(issues, 'contingencies.stale', parameters.contingencies.stale)
  checkFraction(issues, 'maintenanceRiskScale', parameters.maintenanceRiskScale)
  const { byKind, all } = parameters.maxPriceAge
  for (const kind of FEED_KINDS) {
    const age = byKind?.[kind]
    if (!isFiniteNumber(age) || age <= 0)
      issues.push({ path: `maxPriceAge.byKind.${kind}`, message: 'must be a positive number of seconds' })
  }
  for (const kind of Object.keys(byKind ?? {}))
    if (!(FEED_KINDS as readonly string[]).includes(kind))
      issues.push({
        path: `maxPriceAge.byKind.${kind}`,
        message: `unknown feed kind (${FEED_KINDS.join(', ')})`,
      })
  if (all !== undefined && (!isFiniteNumber(all) || all <= 0))
    issues.push({ path: 'maxPriceAge.all', message: 'must be a positive number of seconds' })
  for (const [source, age] of Object.entries(parameters.maxPriceAge.bySource ?? {})) {
    if (!isFiniteNumber(age) || age <= 0) {
      issues.push({ path: `maxPriceAge.bySource.${source}`, message: 'must be a positive number of seconds' })
    }
  }
  if (!isFiniteNumber(parameters.staleMaterialityUsd) || parameters.staleMaterialityUsd < 0) {
    issues.push({ path: 'staleMaterialityUsd', message: 'must be a non-negative number' })
  }
  if (!isFiniteNumber(parameters.rate) || Math.abs(parameters.rate) > 1) {
    issues.push({ path: 'rate', message: 'must be a number in [-1, 1]' })
  }
  const standard = parameters.standard
  checkFraction(issues, 'standard.baseImf', standard.baseImf)
  checkFraction(issues, 'standard.mmfRatio', standard.mmfRatio)
  checkFraction(issues, 'standard.imfIncrease', standard.imfIncrease)
  if (!(standard.notionalUpperUsd > standard.notionalLowerUsd && standard.notionalLowerUsd >= 0)) {
    issues.push({ path: 'standard.notionalUpperUsd', message: 'must exceed notionalLowerUsd (>= 0)' })
  }
  checkFraction(issues, 'standard.shortOption.otmBase', standard.shortOption.otmBase)
  checkFraction(issues, 'standard.shortOption.floor', standard.shortOption.floor)
  checkFraction(issues, 'standard.shortOption.mm', standard.shortOption.mm)
  const es = parameters.es
  if (!(es.confidence > 0.5 && es.confidence < 1)) {
    issues.push({ path: 'es.confidence', message: 'must be in (0.5, 1)' })
  }
  if (!Number.isInteger(es.paths) || es.paths < 100) {
    issues.push({ path: 'es.paths', message: 'must be an integer >= 100' })
  }
  if (!(es.horizonDays > 0)) issues.push({ path: 'es.horizonDays', message: 'must be positive' })
  if (!Number.isInteger(es.seed)) issues.push({ path: 'es.seed', message: 'must be an integer' })
}

/**
 * Checks risk parameters and returns every issue found, each naming its key. Rejects a non-PSD
 * correlation matrix, haircuts outside [0, 1] (or maintenance above initial), assets without a
 * known factor, tiers out of order, unknown factors in correlations.
 *
 * @example
 * const issues = validateRiskParameters(defaultRiskParameters)
 * // []
 */
export function validateRiskParameters(
  parameters: ValidateRiskParametersParameters,
): ValidateRiskParametersReturnType {
  const issues: RiskParameterIssue[] = []
  checkAssets(parameters, issues)
  checkFactors(parameters, issues)
  checkCorrelations(parameters, issues)
  checkScalars(parameters, issues)
  return issues
}

/** Parameters of {@link defineRiskParameters}. */
export type DefineRiskParametersParameters = RiskParameters

/** Return type of {@link defineRiskParameters}: the same parameters, deeply frozen. */
export type DefineRiskParametersReturnType = RiskParameters

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/**
 * Validates risk parameters at load and returns them frozen; throws
 * {@link InvalidRiskParametersError} listing every issue otherwise.
 *
 * @example
 * const params = defineRiskParameters({
 *   ...defaultRiskParameters,
 *   factors: { ...defaultRiskParameters.factors, ETH: { ...defaultRiskParameters.factors.ETH!, scan: 0.2 } },
 * })
 */
export function defineRiskParameters(
  parameters: DefineRiskParametersParameters,
): DefineRiskParametersReturnType {
  const issues = validateRiskParameters(parameters)
  if (issues.length > 0) throw new InvalidRiskParametersError(issues)
  return deepFreeze(structuredClone(parameters))
}

const FEED_KINDS = ['crypto', 'stablecoin', 'volatility'] as const satisfies readonly FeedKind[]
