import { formatUsd, parseUnits } from '@xmargin/core'

/** Parameters of {@link allocateCents}. */
export type AllocateCentsParameters = {
  /** The parts (USD, float64), e.g. each position's initial margin. */
  parts: readonly number[]
  /** The total the parts make (USD, float64), e.g. the report's initial margin. */
  total: number
}
/** Return type of {@link allocateCents}: the displayed total and one displayed part per input, in order. */
export type AllocateCentsReturnType = { total: string; parts: string[] }

/**
 * Rounds parts to the cent so that they add up EXACTLY to the displayed (rounded) total:
 * largest-remainder rounding (each part is floored to the cent, then the cents still missing go to
 * the parts with the largest remainders, ties to the earlier part). Each displayed part stays within
 * one cent of its exact value whenever the exact parts sum to the total (the engine guarantees it for
 * position contributions and maintenance margins).
 *
 * @example
 * allocateCents({ parts: [1.005, 1.005, 1.005], total: 3.015 }) // { total: '3.02', parts: ['1.01', '1.01', '1.00'] }
 */
export function allocateCents(parameters: AllocateCentsParameters): AllocateCentsReturnType {
  const { parts } = parameters
  const total = formatUsd({ value: parameters.total })
  if (parts.length === 0) return { total, parts: [] }
  const target = parseUnits({ value: total, decimals: 2 })
  const floors = parts.map((part) => {
    // The shortest round-trip text of the part, exact, floored to the cent (no float multiply).
    const exact = parseUnits({ value: formatUsd({ value: part, decimals: 12 }), decimals: 12 })
    const cents = floorDiv(exact, 10n ** 10n)
    return { cents, remainder: exact - cents * 10n ** 10n }
  })
  let missing = target - floors.reduce((sum, f) => sum + f.cents, 0n)
  const order = floors
    .map((f, index) => ({ index, remainder: f.remainder }))
    .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1))
  const cents = floors.map((f) => f.cents)
  // Normally 0 ≤ missing < parts.length; a larger gap (parts that do not sum to the total) is spread
  // round-robin so the display still adds up.
  for (let i = 0; missing !== 0n; i++) {
    const step = missing > 0n ? 1n : -1n
    const pick = step > 0n ? order[i % order.length]! : order[order.length - 1 - (i % order.length)]!
    cents[pick.index]! += step
    missing -= step
  }
  return { total, parts: cents.map(centsToUsd) }
}

function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b !== 0n && a < 0n ? q - 1n : q
}

/**
 * A whole number of cents as a 2-place USD decimal string.
 *
 * @example
 * centsToUsd(-5n) // '-0.05'
 */
export function centsToUsd(cents: bigint): string {
  const negative = cents < 0n
  const digits = (negative ? -cents : cents).toString().padStart(3, '0')
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`
}
