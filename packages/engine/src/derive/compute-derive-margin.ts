import { arrangePortfolio } from './arrange-portfolio.js'
import { InvalidDeriveInputError } from './errors.js'
import { type PricedPortfolio, pricePortfolio } from './precompute.js'
import { scenarioPnl } from './scenario-pnl.js'
import type { DeriveMarginInput, DeriveMarginResult, DeriveVolShock } from './types.js'

const volShocks: readonly DeriveVolShock[] = ['none', 'up', 'down', 'linear', 'abs']

/** Parameters of {@link computeDeriveMargin}. */
export type ComputeDeriveMarginParameters = DeriveMarginInput
/** Return type of {@link computeDeriveMargin}. */
export type ComputeDeriveMarginReturnType = DeriveMarginResult

function validateScenarios(input: DeriveMarginInput): void {
  if (input.scenarios.length === 0)
    throw new InvalidDeriveInputError('scenarios', 'at least one scenario is needed')
  input.scenarios.forEach((scenario, i) => {
    if (!volShocks.includes(scenario.volShock)) {
      throw new InvalidDeriveInputError(
        `scenarios[${i}].volShock`,
        `unknown vol shock "${scenario.volShock}" (known: ${volShocks.join(', ')})`,
      )
    }
    for (const key of ['spotShock', 'dampeningFactor'] as const) {
      if (!Number.isFinite(scenario[key]))
        throw new InvalidDeriveInputError(`scenarios[${i}].${key}`, 'not a finite number')
      // PMRM_2 stores both as unsigned numbers.
      if (scenario[key] < 0) throw new InvalidDeriveInputError(`scenarios[${i}].${key}`, 'must be ≥ 0')
    }
    // PMRM_2.setScenarios accepts one scenario per skew shape, at spot 1 (the skew prices at the unmoved forward).
    if (scenario.volShock === 'linear' || scenario.volShock === 'abs') {
      if (scenario.spotShock !== 1) {
        throw new InvalidDeriveInputError(
          `scenarios[${i}].spotShock`,
          `a '${scenario.volShock}' skew scenario must have spotShock 1`,
        )
      }
      if (input.scenarios.findIndex((other) => other.volShock === scenario.volShock) !== i) {
        throw new InvalidDeriveInputError(
          `scenarios[${i}].volShock`,
          `a second '${scenario.volShock}' skew scenario`,
        )
      }
    }
  })
}

/**
 * Derive's PMRM_2 portfolio margin for one subaccount, in float64, following the rules of
 * derivexyz/v2-core `PMRMLib_2`: vols from each expiry's SVI slice, Black-76 prices with the
 * venue's edge rules, every scenario's P&L against the mark (static discounts, dampening, the skew
 * scenarios taken at their worst per expiry), the worst of those and the basis contingency as
 * minSPAN ≤ 0, then
 * - mm = mmFactor·minSPAN − mmContingency + mtm,
 * - im = (imFactor + peg loss)·minSPAN − mmContingency − imContingency + mtm,
 * with peg loss = (pegLossThreshold − stablePrice)·pegLossFactor when the stable is below the
 * threshold. `im` and `mm` are the venue's margin figures (≥ 0 passes); the requirements are
 * `mtm − im` and `mtm − mm`. Pure and synchronous; the order of options and collateral lines does
 * not change the result.
 *
 * @example
 * const result = computeDeriveMargin({
 *   spot: { price: 2000, confidence: 1 }, stablePrice: 1, stableConfidence: 1, cash: 1000,
 *   options: [{ expiry: 2_592_000, strike: 2000, isCall: true, amount: -1 }],
 *   expiries: [{ expiry: 2_592_000, forwardFixed: 0, forwardVariable: 2000, forwardConfidence: 1,
 *     rate: 0, rateConfidence: 1, volConfidence: 1,
 *     svi: { a: 0.02, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 2000, tau: 2_592_000 / 31_536_000 } }],
 *   collaterals: [], scenarios: deriveMainnetScenarios, params: deriveMainnetParams,
 * })
 * result.mtm - result.im // the initial margin requirement
 */
export function computeDeriveMargin(input: ComputeDeriveMarginParameters): ComputeDeriveMarginReturnType {
  return evaluateDeriveMargin(input).result
}

/** {@link computeDeriveMargin}'s result with the intermediate figures a report allocates. */
export type DeriveMarginEvaluation = {
  result: DeriveMarginResult
  /** The portfolio as priced before the scenarios (marks, shocks, static discounts, contingencies). */
  portfolio: PricedPortfolio
  /** min(worst scenario P&L, basis contingency), ≤ 0. */
  minSpan: number
  /** imFactor plus the peg-loss add-on. */
  imFactor: number
}

/**
 * {@link computeDeriveMargin} with its intermediate figures, for callers that split the
 * requirement over positions: mtm − im = −minSpan·imFactor + imContingency + mmContingency and
 * mtm − mm = −minSpan·mmFactor + mmContingency.
 *
 * @example
 * const { result, minSpan, portfolio } = evaluateDeriveMargin(input)
 * result.mtm - result.mm === -minSpan * input.params.margin.mmFactor + portfolio.mmContingency // up to rounding
 */
export function evaluateDeriveMargin(input: DeriveMarginInput): DeriveMarginEvaluation {
  validateScenarios(input)
  const { params } = input
  const portfolio = pricePortfolio(arrangePortfolio(input), params)

  let minSpan = portfolio.basisContingency
  let worstScenario = input.scenarios.length
  const pnls = input.scenarios.map((scenario, i) => {
    const pnl = scenarioPnl(portfolio, scenario, params)
    if (pnl < minSpan) {
      minSpan = pnl
      worstScenario = i
    }
    return pnl
  })

  const { other, margin } = params
  let imFactor = margin.imFactor
  if (input.stablePrice < other.pegLossThreshold) {
    imFactor += (other.pegLossThreshold - input.stablePrice) * other.pegLossFactor
  }
  const mtm = portfolio.totalMtm + portfolio.cash
  const result: DeriveMarginResult = {
    im: minSpan * imFactor - portfolio.imContingency - portfolio.mmContingency + mtm,
    mm: minSpan * margin.mmFactor - portfolio.mmContingency + mtm,
    mtm,
    optionMtm: portfolio.optionMtm,
    collateralMtm: portfolio.collateralMtm,
    basisContingency: portfolio.basisContingency,
    scenarioPnl: pnls,
    worstScenario,
  }
  return { result, portfolio, minSpan, imFactor }
}
