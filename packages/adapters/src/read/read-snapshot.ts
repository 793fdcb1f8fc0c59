import type { ChainSpec } from '@xmargin/core'
import { type Address, type Client, multicall3Abi } from 'viem'
import type { IndexedPosition, ReadCall } from '../adapter.js'
import type { BoundVenueAdapter, SharedPlan, SharedState } from '../bind-adapter.js'
import type { FeedPrice, PriceSource } from '../venues/feeds/price-source.js'
import { lower } from '../venues/position-id.js'
import { executeReads } from './execute-reads.js'
import { successOf } from './read-result.js'
import { settleShared } from './settle-shared.js'

/** Everything read on one chain: bound venue adapters and price sources. */
export type ChainAdapters = Pick<ChainSpec, 'chainId'> & {
  multicall3: ChainSpec['contracts']['multicall3']
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
 * One chain's snapshot at a pinned block: builds one read plan (the block's timestamp from
 * Multicall3, price sources, each venue's shared reads, then every wallet × venue), runs it
 * through Multicall3 in chunks, settles shared state that needs another hinted round
 * (`settleShared`), and decodes. Any failed read throws (`ReadFailedError`): a snapshot is
 * complete or it is not taken.
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
  const timestampSlice = add([
    {
      address: chain.multicall3,
      abi: multicall3Abi,
      functionName: 'getCurrentBlockTimestamp',
      label: `Multicall3 getCurrentBlockTimestamp on chain ${chain.chainId}`,
    },
  ])
  const priceSlices = chain.priceSources.map((source) => add(source.reads()))
  const sharedPlans: SharedPlan[] = chain.adapters.map((adapter) => adapter.planShared())
  const sharedSlices = sharedPlans.map((plan) => add(plan.calls))
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
  const [timestampResult] = slice(timestampSlice)
  const block = { number: blockNumber, timestamp: successOf<bigint>(timestampResult, 'block timestamp') }
  const settled = await settleShared({
    client,
    block,
    adapters: chain.adapters,
    shared: sharedPlans.map((plan, i) => plan.decode(slice(sharedSlices[i] as Slice), block)),
    batchSize,
    multicallAddress: chain.multicall3,
  })
  const states = settled.shared
  const shared = new Map<string, SharedState>(
    chain.adapters.map((adapter, i) => [adapter.venue, states[i] as SharedState]),
  )
  const positions = new Map<Address, IndexedPosition[]>()
  wallets.forEach((wallet, w) => {
    positions.set(
      wallet,
      chain.adapters.flatMap((adapter, a) =>
        adapter.decodeWallet(states[a] as SharedState, wallet, slice(walletSlices[w]?.[a] as Slice)),
      ),
    )
  })
  return {
    chainId: chain.chainId,
    blockNumber,
    positions,
    prices,
    shared,
    calls: calls.length + settled.calls,
    requests: requests + settled.requests,
  }
}
