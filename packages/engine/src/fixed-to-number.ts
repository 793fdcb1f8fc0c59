const POW10 = Array.from({ length: 40 }, (_, i) => 10 ** i)
const POW10N = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i))
/** `Number(10n ** d)`: the divisor of the exact path (not `10 ** d`, which may differ past 10^22). */
const POW10_OF_BIGINT = POW10N.map((unit) => Number(unit))
const POW2 = Array.from({ length: 64 }, (_, i) => 2 ** i)
const POW5 = Array.from({ length: 23 }, (_, i) => 5 ** i)
const SAFE = BigInt(Number.MAX_SAFE_INTEGER)
/** Negated once here: `-SAFE` in the check would allocate a bigint per call. */
const NEGATIVE_SAFE = -SAFE
/** |value| below 2^64: the two 32-bit words of the split path. */
const SPLIT_LIMIT = 2n ** 64n

const word = new BigUint64Array(1)
const halves = new Uint32Array(word.buffer)
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1
const LOW = LITTLE_ENDIAN ? 0 : 1
const HIGH = 1 - LOW

/**
 * `Number(value / 10^d) + Number(value % 10^d) / Number(10^d)` without bigint division, for
 * 2^53 ≤ |value| < 2^64 and 12 ≤ d ≤ 22: |value| is read as two 32-bit words; 10^d = 2^d · 5^d, so
 * the quotient and remainder come from ⌊|value| / 2^d⌋ (< 2^52, exact in a double) divided by 5^d
 * (< 2^52). Every intermediate is an exact integer; the remainder is rounded once when converted,
 * as `Number()` rounds it, so the result is the same float.
 */
function splitToNumber(value: bigint, decimals: number, negative: boolean): number {
  // The low 64 bits of the value (two's complement for a negative one).
  word[0] = value
  let low = halves[LOW]!
  let high = halves[HIGH]!
  if (negative) {
    // Two's complement negation across the two words: |value| < 2^64.
    low = (~low + 1) >>> 0
    high = (~high + (low === 0 ? 1 : 0)) >>> 0
  }
  const twoD = POW2[decimals]!
  const fiveD = POW5[decimals]!
  const shifted = high * POW2[32 - decimals]! + Math.floor(low / twoD)
  // Exact: shifted < 2^52 and 5^d < 2^52, so quotient · 5^d < 2^53 and a quotient just below an
  // integer stays below it after rounding (its gap to the integer, ≥ 1/5^d, exceeds half an ulp).
  const quotient = Math.floor(shifted / fiveD)
  const rest = shifted - quotient * fiveD
  const remainder = (low % twoD) + rest * twoD
  const result = quotient + remainder / POW10_OF_BIGINT[decimals]!
  return negative ? -result : result
}

/**
 * bigint → float64 once, at the boundary: exact integer, single rounding when it fits 2^53;
 * otherwise integer part plus the rounded fractional part, `Number(value / 10^d) +
 * Number(value % 10^d) / Number(10^d)` (computed without bigint division where that is exact).
 *
 * @example
 * fixedToNumber(1_500000n, 6) // 1.5
 */
export function fixedToNumber(value: bigint, decimals: number): number {
  if (value <= SAFE && value >= NEGATIVE_SAFE) return Number(value) / (POW10[decimals] ?? 10 ** decimals)
  if (decimals >= 12 && decimals <= 22 && value < SPLIT_LIMIT && value > -SPLIT_LIMIT) {
    return splitToNumber(value, decimals, value < 0n)
  }
  return fixedToNumberByDivision(value, decimals)
}

function fixedToNumberByDivision(value: bigint, decimals: number): number {
  const unit = POW10N[decimals] ?? 10n ** BigInt(decimals)
  return Number(value / unit) + Number(value % unit) / Number(unit)
}
