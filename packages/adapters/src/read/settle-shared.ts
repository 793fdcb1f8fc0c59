import type { Address, Client } from 'viem'
import type { ReadCall, SharedBlock } from '../adapter.js'
import type { BoundVenueAdapter, SharedPlan, SharedState } from '../bind-adapter.js'
import { SharedStateUnsettledError } from '../errors/adapter-errors.js'
import { executeReads } from './execute-reads.js'

export type SettleSharedParameters = {
  client: Client
  block: SharedBlock
  adapters: readonly BoundVenueAdapter[]
  /** Each adapter's state from the first round (same order as `adapters`). */
  shared: readonly SharedState[]
  batchSize?: number | undefined
  multicallAddress?: Address | undefined
  /** Rounds after the first one. Default 2 (Morpho needs at most one). */
  maxRounds?: number | undefined
}

export type SettleSharedReturnType = {
  shared: SharedState[]
  /** Calls and `eth_call` requests of the extra rounds (0 when every state was settled). */
  calls: number
  requests: number
}

/**
 * Re-reads, hinted by their own state, the adapters whose first-round shared state is not settled
 * (see `VenueAdapter.isSettled`), all of them in one plan per round, pinned to the same block.
 * Throws {@link SharedStateUnsettledError} when a state is still not settled after `maxRounds`.
 *
 * @example
 * const plan = morpho.planShared()
 * const first = plan.decode((await executeReads({ client, blockNumber, calls: plan.calls })).results, block)
 * const { shared } = await settleShared({ client, block, adapters: [morpho], shared: [first] })
 */
export async function settleShared(parameters: SettleSharedParameters): Promise<SettleSharedReturnType> {
  const { client, block, adapters, batchSize, multicallAddress, maxRounds = 2 } = parameters
  const shared = [...parameters.shared]
  let calls = 0
  let requests = 0
  for (let round = 1; ; round++) {
    const pending = adapters.flatMap((adapter, i) => (adapter.isSettled(shared[i] as SharedState) ? [] : [i]))
    if (pending.length === 0) return { shared, calls, requests }
    if (round > maxRounds) {
      const adapter = adapters[pending[0] as number] as BoundVenueAdapter
      throw new SharedStateUnsettledError(adapter.venue, adapter.chainId, maxRounds + 1)
    }
    const plans = new Map<number, SharedPlan>()
    const plan: ReadCall[] = []
    const ranges = new Map<number, [number, number]>()
    for (const i of pending) {
      const next = (adapters[i] as BoundVenueAdapter).planShared(shared[i])
      plans.set(i, next)
      ranges.set(i, [plan.length, plan.length + next.calls.length])
      plan.push(...next.calls)
    }
    const read = await executeReads({
      client,
      blockNumber: block.number,
      calls: plan,
      batchSize,
      multicallAddress,
    })
    calls += plan.length
    requests += read.requests
    for (const i of pending) {
      const [start, end] = ranges.get(i) as [number, number]
      shared[i] = (plans.get(i) as SharedPlan).decode(read.results.slice(start, end), block)
    }
  }
}
