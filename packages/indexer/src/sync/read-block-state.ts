import {
  executeReads,
  type ReadCall,
  type SharedPlan,
  type SharedState,
  settleShared,
} from '@xmargin/adapters'
import type { PositionWrite, PriceWrite } from '@xmargin/store'
import type { Address } from 'viem'
import type { IndexerChain } from '../types.js'
import { withEnginePosition } from './engine-position.js'

export type ReadBlockStateParameters = {
  chain: IndexerChain
  blockNumber: bigint
  /** The block's timestamp: interest (Morpho) accrues up to it. */
  blockTimestamp: bigint
  /** Wallets whose positions are read in full at this block. */
  wallets: readonly Address[]
  /** This block's feeds and shared state, already read (`readSharedState`): only wallets are read then. */
  sharedState?: SharedStateReturnType | undefined
}

export type SharedStateReturnType = Pick<ReadBlockStateReturnType, 'prices' | 'shared' | 'calls' | 'requests'>

export type ReadBlockStateReturnType = {
  prices: PriceWrite[]
  /** Per adapter (same order as `chain.adapters.adapters`), its decoded shared state for this block. */
  shared: SharedState[]
  /** Every position of each read wallet, over all adapters, with its engine position. */
  positions: Map<Address, PositionWrite[]>
  /** Calls made and the `eth_call` requests they took (for the RPC-efficiency benchmark). */
  calls: number
  requests: number
}

/**
 * Reads feeds, every adapter's per-block shared state and the given wallets' positions in ONE
 * plan executed through Multicall3 at `blockNumber`, so everything is a consistent cut. A shared
 * state that needs another hinted round (`settleShared`; Morpho after a market changed since the
 * previous block's read) gets it, pinned to the same block.
 *
 * @example
 * const state = await readBlockState({ chain, blockNumber: 123n, blockTimestamp, wallets })
 */
export async function readBlockState(
  parameters: ReadBlockStateParameters,
): Promise<ReadBlockStateReturnType> {
  const { chain, blockNumber, blockTimestamp, wallets, sharedState } = parameters
  const { adapters } = chain.adapters
  const priceSources = sharedState ? [] : chain.adapters.priceSources
  const sharedAdapters = sharedState ? [] : adapters
  const calls: ReadCall[] = []
  const take = (list: ReadCall[]): [number, number] => {
    const start = calls.length
    calls.push(...list)
    return [start, calls.length]
  }
  const priceRanges = priceSources.map((source) => take(source.reads()))
  const sharedPlans: SharedPlan[] = sharedAdapters.map((adapter) => adapter.planShared())
  const sharedRanges = sharedPlans.map((plan) => take(plan.calls))
  const walletRanges = wallets.map((wallet) => adapters.map((adapter) => take(adapter.walletReads(wallet))))

  const { results, requests } =
    calls.length > 0
      ? await executeReads({ client: chain.client, calls, blockNumber, batchSize: chain.batchSize ?? 1000 })
      : { results: [], requests: 0 }
  const slice = (range: [number, number] | undefined) => (range ? results.slice(range[0], range[1]) : [])

  const prices =
    sharedState?.prices ?? priceSources.flatMap((source, i) => source.decode(slice(priceRanges[i])))
  const block = { number: blockNumber, timestamp: blockTimestamp }
  const settled = sharedState
    ? { shared: sharedState.shared, calls: sharedState.calls, requests: sharedState.requests }
    : await settleShared({
        client: chain.client,
        block,
        adapters: sharedAdapters,
        shared: sharedPlans.map((plan, i) => plan.decode(slice(sharedRanges[i]), block)),
        batchSize: chain.batchSize ?? 1000,
      })
  const shared = settled.shared
  const positions = new Map<Address, PositionWrite[]>()
  wallets.forEach((wallet, w) => {
    const list = adapters.flatMap((adapter, a) =>
      adapter
        .decodeWallet(shared[a] as SharedState, wallet, slice(walletRanges[w]?.[a]))
        .map((position) => withEnginePosition({ adapter, position, blockNumber })),
    )
    positions.set(wallet, list)
  })
  return {
    prices,
    shared,
    positions,
    calls: calls.length + settled.calls,
    requests: requests + settled.requests,
  }
}

/**
 * Reads only this block's feeds and adapters' shared state (indexes, market totals): what every
 * block needs even when no tracked wallet moved. Runs alongside the block's log query.
 *
 * @example
 * const sharedState = await readSharedState({ chain, blockNumber: 123n, blockTimestamp: 1_700_000_000n })
 */
export async function readSharedState(parameters: {
  chain: IndexerChain
  blockNumber: bigint
  blockTimestamp: bigint
}): Promise<SharedStateReturnType> {
  const { prices, shared, calls, requests } = await readBlockState({ ...parameters, wallets: [] })
  return { prices, shared, calls, requests }
}
