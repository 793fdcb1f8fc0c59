/** 1e27, Aave's ray. */
export const RAY = 10n ** 27n
const HALF_RAY = RAY / 2n
/** Aave's `SECONDS_PER_YEAR` (365 days). */
export const SECONDS_PER_YEAR = 365n * 24n * 3600n

/**
 * Aave's `WadRayMath.rayMul`: `(a · b + RAY / 2) / RAY` (half up). `aToken.balanceOf` is
 * `rayMul(scaledBalance, getReserveNormalizedIncome)`; variable debt likewise with the debt index.
 *
 * @example
 * rayMul(3n, 15n * 10n ** 26n) // 5n (4.5 rounds up)
 */
export function rayMul(a: bigint, b: bigint): bigint {
  return (a * b + HALF_RAY) / RAY
}

/**
 * Aave's `MathUtils.calculateCompoundedInterest` (core-v3 1.19.3): the binomial approximation of
 * `(1 + rate / year)^elapsed` in ray, used by `StableDebtToken.balanceOf`.
 *
 * @example
 * calculateCompoundedInterest(5n * 10n ** 25n, 0n, 0n) // RAY
 */
export function calculateCompoundedInterest(
  rate: bigint,
  lastUpdateTimestamp: bigint,
  currentTimestamp: bigint,
): bigint {
  const exp = currentTimestamp - lastUpdateTimestamp
  if (exp <= 0n) return RAY
  const expMinusOne = exp - 1n
  const expMinusTwo = exp > 2n ? exp - 2n : 0n
  const basePowerTwo = rayMul(rate, rate) / (SECONDS_PER_YEAR * SECONDS_PER_YEAR)
  const basePowerThree = rayMul(basePowerTwo, rate) / SECONDS_PER_YEAR
  const secondTerm = (exp * expMinusOne * basePowerTwo) / 2n
  const thirdTerm = (exp * expMinusOne * expMinusTwo * basePowerThree) / 6n
  return RAY + (rate * exp) / SECONDS_PER_YEAR + secondTerm + thirdTerm
}
