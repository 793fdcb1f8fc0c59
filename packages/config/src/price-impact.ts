import type { RiskParameters } from '@xmargin/core'
import type { ConfigIssue } from './errors.js'

/**
 * How deep the market of one asset is for a liquidation cascade's forced sales: a constant-product
 * depth curve (the engine's `depthCurveFromTwoPercentDepth`) set by the "2% market depth", the USD
 * a seller must sell to move the price −2% (the figure data vendors publish per asset).
 */
export type DepthCurveConfig = {
  /** USD of the asset a seller must sell to move its price −2% (> 0). */
  twoPercentDepthUsd: number
  /** Fee on the input in pips (3000 = 0.3%); default 3000. */
  feePips?: number | undefined
}

/** `priceImpact` in the config: a depth curve per risk-parameter asset, merged over the defaults. */
export type PriceImpactConfig = Readonly<Record<string, DepthCurveConfig>>

/** A validated depth curve, with the risk factor whose forced sales it prices. */
export type ResolvedDepthCurve = {
  /** The asset whose market the curve describes (WETH for factor ETH). */
  asset: string
  factor: string
  twoPercentDepthUsd: number
  feePips: number
}

/** Depth curves by factor id: one market per factor (every chain's seized WETH sells into ETH's). */
export type ResolvedPriceImpact = Readonly<Record<string, ResolvedDepthCurve>>

/**
 * Default depth curves, one per default risk factor. Stylized orders of magnitude of on-chain DEX
 * liquidity within 2% of mid (Uniswap v3 WETH/USDC and WBTC pools on mainnet, 2024): ETH 5 M USD,
 * BTC 2 M USD, the USD stables 50 M USD (stable pools, 0.01% fee), ARB 0.5 M USD. Centralised
 * books are deeper; a cascade that sells only on chain is the harsher, honest case. Replace them
 * in `xmargin.config.ts` (`priceImpact: { WETH: { twoPercentDepthUsd: 20_000_000 } }`) or per
 * request (`cascade(impact: …)`, `xmargin cascade --impact WETH=20000000`).
 */
export const defaultPriceImpact: PriceImpactConfig = {
  WETH: { twoPercentDepthUsd: 5_000_000, feePips: 3000 },
  WBTC: { twoPercentDepthUsd: 2_000_000, feePips: 3000 },
  USDC: { twoPercentDepthUsd: 50_000_000, feePips: 100 },
  ARB: { twoPercentDepthUsd: 500_000, feePips: 3000 },
}

/** Default fee of a depth curve that names none (a 0.3% pool). */
export const DEFAULT_DEPTH_CURVE_FEE_PIPS = 3000

/** Return type of {@link resolvePriceImpact}: the curves by factor, or the issues under `priceImpact.`. */
export type ResolvePriceImpactReturnType =
  | { ok: true; priceImpact: ResolvedPriceImpact }
  | { ok: false; issues: ConfigIssue[] }

/**
 * Merges depth-curve overrides (by asset) over {@link defaultPriceImpact} and checks them against
 * the risk parameters: each asset must be a risk-parameter asset (unknown assets are errors, named
 * with the valid ones), a positive finite 2% depth, a fee in 0..999999 pips, at most one curve per
 * risk factor (the cascade runs one market per factor), and a curve for every factor.
 *
 * @example
 * const result = resolvePriceImpact({ WETH: { twoPercentDepthUsd: 20_000_000 } }, defaultRiskParameters)
 * if (result.ok) result.priceImpact.ETH // { asset: 'WETH', factor: 'ETH', twoPercentDepthUsd: 20000000, feePips: 3000 }
 */
export function resolvePriceImpact(
  overrides: PriceImpactConfig | undefined,
  riskParameters: RiskParameters,
): ResolvePriceImpactReturnType {
  const issues: ConfigIssue[] = []
  const byFactor: Record<string, ResolvedDepthCurve> = {}
  const merged: Record<string, DepthCurveConfig> = { ...defaultPriceImpact }
  // An override of a factor's market replaces the default curve of that factor (WETH → stETH).
  for (const [asset, curve] of Object.entries(overrides ?? {})) {
    const factor = riskParameters.assets[asset]?.factor
    for (const other of Object.keys(merged))
      if (other !== asset && factor !== undefined && riskParameters.assets[other]?.factor === factor)
        if (!(overrides && other in overrides)) delete merged[other]
    merged[asset] = curve
  }
  const validAssets = Object.keys(riskParameters.assets).sort().join(', ')
  for (const [asset, curve] of Object.entries(merged)) {
    const path = `priceImpact.${asset}`
    const factor = riskParameters.assets[asset]?.factor
    if (factor === undefined) {
      issues.push({ path, message: `unknown asset (valid assets: ${validAssets})` })
      continue
    }
    if (typeof curve !== 'object' || curve === null) {
      issues.push({ path, message: 'must be { twoPercentDepthUsd, feePips? }' })
      continue
    }
    const depth = curve.twoPercentDepthUsd
    if (typeof depth !== 'number' || !Number.isFinite(depth) || depth <= 0)
      issues.push({ path: `${path}.twoPercentDepthUsd`, message: 'must be a positive number of USD' })
    const fee = curve.feePips ?? DEFAULT_DEPTH_CURVE_FEE_PIPS
    if (!Number.isInteger(fee) || fee < 0 || fee >= 1_000_000)
      issues.push({ path: `${path}.feePips`, message: 'must be an integer in 0..999999 (pips)' })
    const taken = byFactor[factor]
    if (taken) {
      issues.push({
        path,
        message: `factor ${factor} already has the curve of ${taken.asset}: one market per factor`,
      })
      continue
    }
    byFactor[factor] = { asset, factor, twoPercentDepthUsd: depth, feePips: fee }
  }
  for (const factor of Object.keys(riskParameters.factors))
    if (!byFactor[factor])
      issues.push({
        path: 'priceImpact',
        message: `no depth curve for factor ${factor} (name one of its assets: ${Object.entries(
          riskParameters.assets,
        )
          .filter(([, a]) => a.factor === factor)
          .map(([name]) => name)
          .join(', ')})`,
      })
  return issues.length > 0 ? { ok: false, issues } : { ok: true, priceImpact: byFactor }
}
