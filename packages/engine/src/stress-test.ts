import type { FactorShocks } from './book.js'
import { type ComputeMarginParameters, computeMargin } from './compute-margin.js'
import { UnknownScenarioError } from './errors.js'
import type { MarginReport } from './report.js'

/**
 * Named stylized scenarios (factor → spot move, vol move). Stylized on historical episodes:
 * `crypto-crash` ≈ March 2020 / May 2021 two-day moves; `crypto-rally` ≈ the strongest two-day
 * rallies; `vol-spike` isolates vega; `stablecoin-depeg` ≈ USDC March 2023 (−8% at worst, −5% here).
 */
export const stressScenarios = {
  'crypto-crash': {
    ETH: { spot: -0.35, vol: 0.6 },
    BTC: { spot: -0.3, vol: 0.5 },
    ARB: { spot: -0.5, vol: 0.8 },
  },
  'crypto-rally': {
    ETH: { spot: 0.3, vol: 0.3 },
    BTC: { spot: 0.25, vol: 0.25 },
    ARB: { spot: 0.45, vol: 0.4 },
  },
  'vol-spike': { ETH: { vol: 1 }, BTC: { vol: 1 }, ARB: { vol: 1 } },
  'stablecoin-depeg': { USD: { spot: -0.05 } },
} as const satisfies Record<string, FactorShocks>

/** Names of {@link stressScenarios}. */
export type StressScenarioName = keyof typeof stressScenarios

/** Parameters of {@link stressTest}: the book as for `computeMargin`, and a named or custom scenario. */
export type StressTestParameters = Omit<ComputeMarginParameters, 'shocks'> & {
  scenario: StressScenarioName | { name: string; shocks: FactorShocks }
}

/** Return type of {@link stressTest}. */
export type StressTestReturnType = {
  scenario: string
  shocks: FactorShocks
  before: MarginReport
  after: MarginReport
  /** after − before for the headline figures. */
  delta: { equity: number; initialMargin: number; maintenanceMargin: number; freeCollateral: number }
}

/**
 * Applies factor shocks (spot and implied vol, relative moves) to every price and volatility of
 * the factor and recomputes the whole report; returns both reports and the deltas.
 *
 * @example
 * const { after, delta } = stressTest({ positions, prices, volatilities, now, scenario: 'crypto-crash' })
 * const custom = stressTest({ positions, prices, now, scenario: { name: 'eth -50%', shocks: { ETH: { spot: -0.5 } } } })
 */
export function stressTest(parameters: StressTestParameters): StressTestReturnType {
  const { scenario, ...rest } = parameters
  let name: string
  let shocks: FactorShocks
  if (typeof scenario === 'string') {
    if (!Object.hasOwn(stressScenarios, scenario))
      throw new UnknownScenarioError(scenario, Object.keys(stressScenarios))
    name = scenario
    shocks = stressScenarios[scenario]
  } else {
    name = scenario.name
    shocks = scenario.shocks
  }
  const before = computeMargin(rest)
  const after = computeMargin({ ...rest, shocks })
  return {
    scenario: name,
    shocks,
    before,
    after,
    delta: {
      equity: after.equity - before.equity,
      initialMargin: after.initialMargin - before.initialMargin,
      maintenanceMargin: after.maintenanceMargin - before.maintenanceMargin,
      freeCollateral: after.freeCollateral - before.freeCollateral,
    },
  }
}
