import type { ReadCall, ReadResult } from '../adapter.js'
import { ReadFailedError, ResultCountError } from '../errors/adapter-errors.js'

/**
 * The decoded value of a successful read, or a {@link ReadFailedError}: a reverted call never
 * becomes a zero. `T` is the ABI output type of the call (viem decoded it against that ABI).
 *
 * @example
 * const balance = successOf<bigint>(results[0], 'balanceOf USDC')
 */
export function successOf<T>(result: ReadResult | undefined, label: string): T {
  if (result === undefined) throw new ReadFailedError(label, { details: 'No result at this position.' })
  if (result.status === 'failure') {
    throw new ReadFailedError(label, { cause: result.error, details: result.error.message.split('\n')[0] })
  }
  return result.result as T
}

/**
 * Checks that a decoder got as many results as its plan had calls.
 *
 * @example
 * assertResultCount('wallet', calls.length, results.length)
 */
export function assertResultCount(what: string, expected: number, actual: number): void {
  if (expected !== actual) throw new ResultCountError(what, expected, actual)
}

/**
 * A read call's label, for messages.
 *
 * @example
 * labelOf({ address, abi, functionName: 'balanceOf' }) // 'balanceOf @ 0x…'
 */
export function labelOf(call: ReadCall): string {
  return call.label ?? `${call.functionName} @ ${call.address}`
}
