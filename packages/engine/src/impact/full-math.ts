/**
 * Integer helpers with the rounding of Uniswap v3's `FullMath` and `UnsafeMath` (v3-core 1.0.0).
 * bigint does not overflow, so `mulDiv` is exact; the callers reproduce the contracts' overflow
 * branches (`SqrtPriceMath`) where the branch changes the rounding.
 */

/** 2^96, the scale of a Q64.96 square-root price. */
export const Q96 = 1n << 96n
/** 2^256, the first value that does not fit in a uint256. */
export const UINT256_LIMIT = 1n << 256n
/** `type(uint160).max`. */
export const MAX_UINT160 = (1n << 160n) - 1n
/** `type(uint128).max`. */
export const MAX_UINT128 = (1n << 128n) - 1n

/** floor(a·b / d), as `FullMath.mulDiv`. */
export function mulDiv(a: bigint, b: bigint, d: bigint): bigint {
  return (a * b) / d
}

/** ceil(a·b / d), as `FullMath.mulDivRoundingUp`. */
export function mulDivRoundingUp(a: bigint, b: bigint, d: bigint): bigint {
  const product = a * b
  const quotient = product / d
  return product % d === 0n ? quotient : quotient + 1n
}

/** ceil(a / d), as `UnsafeMath.divRoundingUp`. */
export function divRoundingUp(a: bigint, d: bigint): bigint {
  const quotient = a / d
  return a % d === 0n ? quotient : quotient + 1n
}
