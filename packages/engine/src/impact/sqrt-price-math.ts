/**
 * Square-root price arithmetic of Uniswap v3 (`SqrtPriceMath`, v3-core 1.0.0) on bigint, with the
 * contracts' rounding: a price moved by an input rounds so the pool never gives out more than it
 * takes in, amounts owed to the pool round up, amounts paid out round down.
 */

import { SwapMathError } from './errors.js'
import { divRoundingUp, MAX_UINT160, mulDiv, mulDivRoundingUp, Q96, UINT256_LIMIT } from './full-math.js'

function checkedUint160(value: bigint): bigint {
  if (value < 0n || value > MAX_UINT160)
    throw new SwapMathError(`sqrt price ${value} does not fit in uint160`)
  return value
}

/**
 * The price after adding (or removing) `amount` of token0 at liquidity L:
 * L·√P / (L + amount·√P), rounded up. When amount·√P would overflow 256 bits the contract takes
 * a second formula, L / (L/√P + amount), whose rounding differs; both are reproduced.
 *
 * @example
 * getNextSqrtPriceFromAmount0RoundingUp(2n ** 96n, 10n ** 18n, 10n ** 17n, true) // below 2^96
 */
export function getNextSqrtPriceFromAmount0RoundingUp(
  sqrtPriceX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (amount === 0n) return sqrtPriceX96
  const numerator1 = liquidity << 96n
  const product = amount * sqrtPriceX96
  if (add) {
    if (product < UINT256_LIMIT && numerator1 + product < UINT256_LIMIT)
      return mulDivRoundingUp(numerator1, sqrtPriceX96, numerator1 + product)
    return divRoundingUp(numerator1, numerator1 / sqrtPriceX96 + amount)
  }
  if (product >= UINT256_LIMIT || numerator1 <= product)
    throw new SwapMathError('removing more token0 than the liquidity holds')
  return checkedUint160(mulDivRoundingUp(numerator1, sqrtPriceX96, numerator1 - product))
}

/**
 * The price after adding (or removing) `amount` of token1 at liquidity L: √P ± amount/L, rounded
 * down in both cases (the quotient rounds down when adding, up when removing).
 *
 * @example
 * getNextSqrtPriceFromAmount1RoundingDown(2n ** 96n, 10n ** 18n, 10n ** 17n, true) // above 2^96
 */
export function getNextSqrtPriceFromAmount1RoundingDown(
  sqrtPriceX96: bigint,
  liquidity: bigint,
  amount: bigint,
  add: boolean,
): bigint {
  if (add) return checkedUint160(sqrtPriceX96 + mulDiv(amount, Q96, liquidity))
  const quotient = mulDivRoundingUp(amount, Q96, liquidity)
  if (sqrtPriceX96 <= quotient) throw new SwapMathError('removing more token1 than the liquidity holds')
  return sqrtPriceX96 - quotient
}

/**
 * The price after an input of `amountIn` (token0 when `zeroForOne`, else token1).
 *
 * @example
 * getNextSqrtPriceFromInput(2n ** 96n, 10n ** 18n, 10n ** 15n, true)
 */
export function getNextSqrtPriceFromInput(
  sqrtPriceX96: bigint,
  liquidity: bigint,
  amountIn: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPriceX96 <= 0n || liquidity <= 0n) throw new SwapMathError('zero price or liquidity')
  return zeroForOne
    ? getNextSqrtPriceFromAmount0RoundingUp(sqrtPriceX96, liquidity, amountIn, true)
    : getNextSqrtPriceFromAmount1RoundingDown(sqrtPriceX96, liquidity, amountIn, true)
}

/**
 * The price after an output of `amountOut` (token1 when `zeroForOne`, else token0).
 *
 * @example
 * getNextSqrtPriceFromOutput(2n ** 96n, 10n ** 18n, 10n ** 15n, true)
 */
export function getNextSqrtPriceFromOutput(
  sqrtPriceX96: bigint,
  liquidity: bigint,
  amountOut: bigint,
  zeroForOne: boolean,
): bigint {
  if (sqrtPriceX96 <= 0n || liquidity <= 0n) throw new SwapMathError('zero price or liquidity')
  return zeroForOne
    ? getNextSqrtPriceFromAmount1RoundingDown(sqrtPriceX96, liquidity, amountOut, false)
    : getNextSqrtPriceFromAmount0RoundingUp(sqrtPriceX96, liquidity, amountOut, false)
}

/**
 * Token0 between two prices at liquidity L: L·(√B − √A)/(√A·√B), rounded up or down.
 *
 * @example
 * getAmount0Delta(2n ** 96n, 2n ** 97n, 10n ** 18n, true) // 5·10^17
 */
export function getAmount0Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lower, upper] = sqrtA > sqrtB ? [sqrtB, sqrtA] : [sqrtA, sqrtB]
  if (lower <= 0n) throw new SwapMathError('zero sqrt price')
  const numerator1 = liquidity << 96n
  const numerator2 = upper - lower
  return roundUp
    ? divRoundingUp(mulDivRoundingUp(numerator1, numerator2, upper), lower)
    : mulDiv(numerator1, numerator2, upper) / lower
}

/**
 * Token1 between two prices at liquidity L: L·(√B − √A), rounded up or down.
 *
 * @example
 * getAmount1Delta(2n ** 96n, 2n ** 97n, 10n ** 18n, false) // 10^18
 */
export function getAmount1Delta(sqrtA: bigint, sqrtB: bigint, liquidity: bigint, roundUp: boolean): bigint {
  const [lower, upper] = sqrtA > sqrtB ? [sqrtB, sqrtA] : [sqrtA, sqrtB]
  return roundUp ? mulDivRoundingUp(liquidity, upper - lower, Q96) : mulDiv(liquidity, upper - lower, Q96)
}
