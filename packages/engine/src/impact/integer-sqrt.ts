/**
 * ⌊√value⌋ of a non-negative bigint, exact at any size: a float estimate, one Newton step (which
 * lands at or above the root whichever side the estimate was on; it can be off by ~1e-16 relative,
 * i.e. by 1e14 for a sqrtPriceX96), Newton steps down to the root, then a ±1 correction.
 *
 * @example
 * sqrtFloor(10n) // 3n
 * sqrtFloor((3000n << 192n)) // ⌊√3000 · 2^96⌋
 */
export function sqrtFloor(value: bigint): bigint {
  if (value < 0n) throw new RangeError('sqrt of a negative number')
  if (value < 2n) return value
  let x = BigInt(Math.floor(Math.sqrt(Number(value))))
  x = (x + value / x) >> 1n
  for (;;) {
    const y = (x + value / x) >> 1n
    if (y >= x) break
    x = y
  }
  while (x * x > value) x--
  while ((x + 1n) * (x + 1n) <= value) x++
  return x
}
