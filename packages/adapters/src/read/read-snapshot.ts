import type { Address, Client } from 'viem'
import type { IndexedPosition, ReadCall } from '../adapter.js'
import type { BoundVenueAdapter, SharedState } from '../bind-adapter.js'
import type { FeedPrice, PriceSource } from '../venues/feeds/price-source.js'
import { lower } from '../venues/position-id.js'
import { executeReads } from './execute-reads.js'

/** Everything read on one chain: bound venue adapters and price sources. */
export type ChainAdapters = {
  chainId: number
  multicall3: Address
  adapters: readonly BoundVenueAdapter[]
  priceSources: readonly PriceSource[]
}

export type ReadSnapshotParameters = {
  client: Client
  /** The pinned block: every read of the snapshot sees this state. */
  blockNumber: bigint
  chain: ChainAdapters
  wallets: readonly Address[]
  /** Calls per `eth_call`; see `executeReads`. */
  batchSize?: number | undefined
}

export type ReadSnapshotReturnType = {
  chainId: number
  blockNumber: bigint
  /** Lowercased wallet → its positions on every venue of the chain (zero balances omitted). */
  positions: Map<Address, IndexedPosition[]>
  prices: FeedPrice[]
  /** Venue → its decoded shared state, for `revalue` of stored positions at this block. */
  shared: Map<string, SharedState>
  /** Contract reads in the plan. */
  calls: number
  /** `eth_call` requests sent. */
  requests: number
}

type Slice = { start: number; end: number }

/**
 * One chain's snapshot at a pinned block: builds one read plan (price sources, each venue's
 * shared reads, then every wallet × venue), runs it through Multicall3 in chunks, and decodes.
 * Any failed read throws (`ReadFailedError`): a snapshot is complete or it is not taken.
 *
 * @example
 * const snapshot = await readSnapshot({ client, blockNumber, chain, wallets })
 * snapshot.positions.get(wallet) // [{ venue: 'aave-v3', kind: 'supply', … }, …]
 */
export async function readSnapshot(parameters: ReadSnapshotParameters): Promise<ReadSnapshotReturnType> {
  const { client, blockNumber, chain, batchSize } = parameters
  const wallets = [...new Set(parameters.wallets.map(lower))]
  const calls: ReadCall[] = []
  const add = (more: readonly ReadCall[]): Slice => {
    const start = calls.length
    calls.push(...more)
    return { start, end: calls.length }
  }
  const priceSlices = chain.priceSources.map((source) => add(source.reads()))
  const sharedSlices = chain.adapters.map((adapter) => add(adapter.sharedReads()))
  const walletSlices = wallets.map((wallet) =>
    chain.adapters.map((adapter) => add(adapter.walletReads(wallet))),
  )
  const { results, requests } = await executeReads({
    client,
    blockNumber,
    calls,
    batchSize,
    multicallAddress: chain.multicall3,
  })
  const slice = ({ start, end }: Slice) => results.slice(start, end)
  const prices = chain.priceSources.flatMap((source, i) => source.decode(slice(priceSlices[i] as Slice)))
  const shared = new Map<string, SharedState>()
  const states = chain.adapters.map((adapter, i) => {
    const state = adapter.decodeShared(slice(sharedSlices[i] as Slice))
    shared.set(adapter.venue, state)
    return state
  })
  const positions = new Map<Address, IndexedPosition[]>()
  wallets.forEach((wallet, w) => {
    positions.set(
      wallet,
      chain.adapters.flatMap((adapter, a) =>
        adapter.decodeWallet(states[a] as SharedState, wallet, slice(walletSlices[w]?.[a] as Slice)),
      ),
    )
  })
  return { chainId: chain.chainId, blockNumber, positions, prices, shared, calls: calls.length, requests }
}
