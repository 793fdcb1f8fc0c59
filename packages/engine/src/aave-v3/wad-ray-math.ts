/**
 * Aave v3 fixed-point helpers on bigint, reproducing `WadRayMath.sol` and `PercentageMath.sol`
 * (core-v3 1.19.3): round half up, integer division. The Solidity versions revert on uint256
 * overflow; bigint does not overflow, so inputs are expected to be on-chain values.
 */

export const WAD = 10n ** 18n
export const HALF_WAD = WAD / 2n
export const RAY = 10n ** 27n
export const HALF_RAY = RAY / 2n
export const PERCENTAGE_FACTOR = 10_000n
export const HALF_PERCENTAGE_FACTOR = PERCENTAGE_FACTOR / 2n
/** `type(uint256).max`, the health factor of an account without debt. */
export const MAX_UINT256 = 2n ** 256n - 1n

/** `WadRayMath.rayMul`: (a·b + RAY/2) / RAY. */
export function rayMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_RAY) / RAY
}

/** `WadRayMath.wadDiv`: (a·WAD + b/2) / b. */
export function wadDiv(a: bigint, b: bigint): bigint {
  return (a * WAD + b / 2n) / b
}

/** `PercentageMath.percentMul`: (value·percentage + 0.5e4) / 1e4. */
export function percentMul(value: bigint, percentage: bigint): bigint {
  return (value * percentage + HALF_PERCENTAGE_FACTOR) / PERCENTAGE_FACTOR
}

/**
 * `PercentageMath.percentDiv`: (value·1e4 + percentage/2) / percentage.
 *
 * @example
 * percentDiv(10_500n, 10_500n) // 10000n
 */
export function percentDiv(value: bigint, percentage: bigint): bigint {
  return (value * PERCENTAGE_FACTOR + percentage / 2n) / percentage
}
