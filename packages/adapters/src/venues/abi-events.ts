import { type Abi, type AbiEvent, decodeEventLog, type Hex, toEventSelector } from 'viem'

/**
 * The event items of an ABI (for log filters).
 *
 * @example
 * eventsOf(erc20Abi).map((e) => e.name) // ['Approval', 'Transfer']
 */
export function eventsOf(abi: Abi, except: readonly string[] = []): AbiEvent[] {
  return abi.filter((item): item is AbiEvent => item.type === 'event' && !except.includes(item.name))
}

/**
 * Decodes a log against an adapter's events, or returns null when its first topic is none of
 * them (a log the adapter's filter would not have matched).
 *
 * @example
 * const event = decodeKnownLog(events, log)
 * if (event?.eventName === 'Transfer') …
 */
export function decodeKnownLog(
  events: readonly AbiEvent[],
  log: { data: Hex; topics: readonly Hex[] },
): { eventName: string; args: Record<string, unknown> } | null {
  const [signature] = log.topics
  if (!signature || !events.some((event) => toEventSelector(event) === signature)) return null
  const { eventName, args } = decodeEventLog({
    abi: events,
    data: log.data,
    topics: log.topics as [Hex, ...Hex[]],
  })
  return { eventName, args: args as Record<string, unknown> }
}
