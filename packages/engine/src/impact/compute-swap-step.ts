import { mulDiv, mulDivRoundingUp } from './full-math.js'
import {
  getAmount0Delta,
  getAmount1Delta,
  getNextSqrtPriceFromInput,
  getNextSqrtPriceFromOutput,
} from './sqrt-price-math.js'

/** One million: Uniswap v3 fees are in hundredths of a basis point (pips). */
export const FEE_DENOMINATOR = 1_000_000n

/** Parameters of {@link computeSwapStep}. */
export type ComputeSwapStepParameters = {
  sqrtPriceCurrentX96: bigint
  /** The price the step may not pass (the next tick or the swap's limit). */
  sqrtPriceTargetX96: bigint
  liquidity: bigint
  /** Positive: input still to spend (exact input); negative: output still owed (exact output). */
  amountRemaining: bigint
  /** Pool fee in pips (3000 = 0.3%). */
  feePips: number
}

/** Result of {@link computeSwapStep}. */
export type ComputeSwapStepReturnType = {
  sqrtPriceNextX96: bigint
  amountIn: bigint
  amountOut: bigint
  feeAmount: bigint
}

/**
 * One step of a swap inside a single liquidity range, as `SwapMath.computeSwapStep`: how far the
 * price moves towards the target with what is left, the amounts in and out (in rounded up, out
 * rounded down) and the fee taken on the input.
 *
 * @example
 * computeSwapStep({ sqrtPriceCurrentX96: 2n ** 96n, sqrtPriceTargetX96: 2n ** 95n,
 *   liquidity: 10n ** 18n, amountRemaining: 10n ** 15n, feePips: 3000 })
 */
export function computeSwapStep(parameters: ComputeSwapStepParameters): ComputeSwapStepReturnType {
  const { sqrtPriceCurrentX96: current, sqrtPriceTargetX96: target, liquidity, amountRemaining } = parameters
  const fee = BigInt(parameters.feePips)
  const zeroForOne = current >= target
  const exactIn = amountRemaining >= 0n
  let amountIn = 0n
  let amountOut = 0n
  let next: bigint
  if (exactIn) {
    const remainingLessFee = mulDiv(amountRemaining, FEE_DENOMINATOR - fee, FEE_DENOMINATOR)
    amountIn = zeroForOne
      ? getAmount0Delta(target, current, liquidity, true)
      : getAmount1Delta(current, target, liquidity, true)
    next =
      remainingLessFee >= amountIn
        ? target
        : getNextSqrtPriceFromInput(current, liquidity, remainingLessFee, zeroForOne)
  } else {
    amountOut = zeroForOne
      ? getAmount1Delta(target, current, liquidity, false)
      : getAmount0Delta(current, target, liquidity, false)
    next =
      -amountRemaining >= amountOut
        ? target
        : getNextSqrtPriceFromOutput(current, liquidity, -amountRemaining, zeroForOne)
  }
  const reachedTarget = next === target
  if (zeroForOne) {
    if (!(reachedTarget && exactIn)) amountIn = getAmount0Delta(next, current, liquidity, true)
    if (!(reachedTarget && !exactIn)) amountOut = getAmount1Delta(next, current, liquidity, false)
  } else {
    if (!(reachedTarget && exactIn)) amountIn = getAmount1Delta(current, next, liquidity, true)
    if (!(reachedTarget && !exactIn)) amountOut = getAmount0Delta(current, next, liquidity, false)
  }
  if (!exactIn && amountOut > -amountRemaining) amountOut = -amountRemaining
  const feeAmount =
    exactIn && next !== target
      ? amountRemaining - amountIn
      : mulDivRoundingUp(amountIn, fee, FEE_DENOMINATOR - fee)
  return { sqrtPriceNextX96: next, amountIn, amountOut, feeAmount }
}
