import type { AdapterContext, IndexedPosition, ReadCall, ReadResult, VenueAdapter } from '@xmargin/adapters'
import type { PriceWrite } from '@xmargin/store'
import type { AbiEvent, Address, Log, PublicClient } from 'viem'

/** An adapter bound to its chain context, with the generics erased so one chain can hold many. */
export type BoundAdapter = {
  venue: string
  /** Venue events reveal new wallets to track; plain token transfers do not. */
  discovers: boolean
  logFilter: () => { address: Address[]; events: readonly AbiEvent[] }
  walletsOf: (log: Log<bigint, number, false>) => Address[]
  sharedReads: () => ReadCall[]
  decodeShared: (results: readonly ReadResult[]) => unknown
  walletReads: (wallet: Address) => ReadCall[]
  decodeWallet: (shared: unknown, wallet: Address, results: readonly ReadResult[]) => IndexedPosition[]
  revalue: (shared: unknown, position: IndexedPosition) => IndexedPosition
}

/** Reads every price feed of a chain in one batch. */
export type BoundPriceSource = {
  reads: () => ReadCall[]
  decode: (results: readonly ReadResult[]) => PriceWrite[]
}

/** Runs reads through Multicall3 pinned to a block. */
export type ExecuteReads = (parameters: {
  client: PublicClient
  calls: readonly ReadCall[]
  blockNumber: bigint
}) => Promise<ReadResult[]>

/** Everything the indexer needs for one chain. */
export type IndexerChain = {
  chainId: number
  name: string
  client: PublicClient
  adapters: readonly BoundAdapter[]
  prices: BoundPriceSource
  /** First block to scan venue events from (wallet discovery). */
  startBlock: bigint
  /** Confirmations after which a block is final when the RPC serves no `finalized` tag. */
  finalityDepth: number
  useFinalizedTag: boolean
  /** Largest block range for one `eth_getLogs` (split further when the provider refuses). */
  maxLogRange?: number | undefined
  /** Head age (seconds) after which the chain's data is reported stale. */
  maxLagSeconds?: number | undefined
}

/**
 * Binds a typed adapter to its chain context.
 *
 * @example
 * const bound = bindAdapter(aaveV3Adapter, { chainId: 1, venue: { pool, … }, assets })
 */
export function bindAdapter<TVenue, TShared>(
  adapter: VenueAdapter<TVenue, TShared>,
  context: AdapterContext<TVenue>,
  options: { discovers?: boolean } = {},
): BoundAdapter {
  return {
    venue: adapter.venue,
    discovers: options.discovers ?? adapter.venue !== 'wallet',
    logFilter: () => adapter.logFilter(context),
    walletsOf: (log) => adapter.walletsOf(log),
    sharedReads: () => adapter.sharedReads(context),
    decodeShared: (results) => adapter.decodeShared(context, results),
    walletReads: (wallet) => adapter.walletReads(context, wallet),
    decodeWallet: (shared, wallet, results) =>
      adapter.decodeWallet({ context, shared: shared as TShared, wallet, results }),
    revalue: (shared, position) => adapter.revalue({ context, shared: shared as TShared, position }),
  }
}
