import { BaseError } from './base-error.js'

/** One problem found while validating risk parameters, with the path of the offending key. */
export type RiskParameterIssue = {
  /** Dotted path of the key, e.g. `assets.WETH.haircuts[0].im` or `correlations.ETH/BTC`. */
  path: string
  /** What is wrong with it. */
  message: string
}

/**
 * Thrown by `validateRiskParameters` / `defineRiskParameters` when the parameters are unusable:
 * a non-PSD correlation matrix, a haircut outside [0, 1], an asset mapped to an unknown factor...
 * Every issue names its key in `issues`.
 */
export class InvalidRiskParametersError extends BaseError {
  override name = 'InvalidRiskParametersError'
  readonly issues: readonly RiskParameterIssue[]

  constructor(issues: readonly RiskParameterIssue[]) {
    const first = issues[0]
    super(
      `Invalid risk parameters: ${first ? `${first.path}: ${first.message}` : 'unknown issue'}${
        issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
      }`,
      { details: issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n') },
    )
    this.issues = issues
  }
}

/** Thrown when an input names an asset (or factor) that the risk parameters do not cover. */
export class UnknownAssetError extends BaseError {
  override name = 'UnknownAssetError'
  readonly asset: string

  constructor(asset: string, parameters: { details?: string } = {}) {
    super(`Asset "${asset}" has no risk parameters (no factor, no haircut).`, {
      details: parameters.details ?? `Add "${asset}" under \`assets\` in the risk parameters.`,
    })
    this.asset = asset
  }
}
