import {
  defaultRiskParameters,
  defineRiskParameters,
  InvalidRiskParametersError,
  type RiskParameters,
} from '@xmargin/core'
import type { RiskOverrides } from './define-config.js'
import type { ConfigIssue } from './errors.js'

/** Return type of {@link resolveRiskParameters}: the parameters, or the issues under `risk.`. */
export type ResolveRiskParametersReturnType =
  | { ok: true; riskParameters: RiskParameters }
  | { ok: false; issues: ConfigIssue[] }

/**
 * Merges a config's risk overrides onto the engine defaults (section by section, key by key;
 * `correlations` replaces the list) and validates the result with `defineRiskParameters`
 * (haircut ranges, factors of assets, a positive semi-definite correlation matrix…).
 *
 * @example
 * const result = resolveRiskParameters({ correlations: [['ETH', 'BTC', 0.8]] })
 * if (!result.ok) console.log(result.issues[0].path) // 'risk.correlations'
 */
export function resolveRiskParameters(overrides: RiskOverrides | undefined): ResolveRiskParametersReturnType {
  const base = defaultRiskParameters
  const o = overrides ?? {}
  const merged: RiskParameters = {
    ...base,
    assets: { ...base.assets, ...o.assets },
    factors: { ...base.factors, ...o.factors },
    correlations: o.correlations ?? base.correlations,
    contingencies: { ...base.contingencies, ...o.contingencies },
    // risk.maxPriceAge needs the chains' tokens (byToken): validateConfig merges it (resolvePriceAge).
    maxPriceAge: base.maxPriceAge,
    staleMaterialityUsd: o.staleMaterialityUsd ?? base.staleMaterialityUsd,
    maintenanceRiskScale: o.maintenanceRiskScale ?? base.maintenanceRiskScale,
  }
  try {
    return { ok: true, riskParameters: defineRiskParameters(merged) }
  } catch (error) {
    if (!(error instanceof InvalidRiskParametersError)) throw error
    return {
      ok: false,
      issues: error.issues.map((issue) => ({ path: `risk.${issue.path}`, message: issue.message })),
    }
  }
}
