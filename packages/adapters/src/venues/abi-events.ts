import type { Abi, AbiEvent } from 'viem'

/**
 * The event items of an ABI (for log filters).
 *
 * @example
 * eventsOf(erc20Abi).map((e) => e.name) // ['Approval', 'Transfer']
 */
export function eventsOf(abi: Abi, except: readonly string[] = []): AbiEvent[] {
  return abi.filter((item): item is AbiEvent => item.type === 'event' && !except.includes(item.name))
}
