import type { Position as CorePosition } from '@xmargin/core'
import { BaseError } from '@xmargin/core'
import type { Address, Log } from 'viem'
import type {
  AdapterContext,
  IndexedPosition,
  LogFilter,
  ReadCall,
  ReadResult,
  VenueAdapter,
} from './adapter.js'

/** A venue's decoded per-block state, opaque outside its bound adapter. */
export type SharedState = { readonly venue: string; readonly chainId: number }

/**
 * A venue adapter bound to its chain context, so the indexer can hold adapters of different
 * venues in one list. Same operations as {@link VenueAdapter} without the context argument; the
 * shared state travels as an opaque {@link SharedState} handle.
 */
export type BoundVenueAdapter = {
  venue: string
  chainId: number
  logFilter: () => LogFilter
  walletsOf: (log: Log<bigint, number, false>) => Address[]
  sharedReads: () => ReadCall[]
  decodeShared: (results: readonly ReadResult[]) => SharedState
  walletReads: (wallet: Address) => ReadCall[]
  decodeWallet: (shared: SharedState, wallet: Address, results: readonly ReadResult[]) => IndexedPosition[]
  revalue: (shared: SharedState, position: IndexedPosition) => IndexedPosition
  toCore: (position: IndexedPosition, blockNumber: bigint) => CorePosition
}

/** A `SharedState` handle passed to an adapter that did not create it. */
export class ForeignSharedStateError extends BaseError {
  override name = 'ForeignSharedStateError'

  constructor(venue: string, chainId: number) {
    super(`Shared state handed to the ${venue} adapter of chain ${chainId} was not decoded by it.`)
  }
}

/**
 * Binds an adapter to its chain context.
 *
 * @example
 * const aave = bindAdapter(aaveV3Adapter, { chainId: 1, venue: aaveVenue, assets })
 * const shared = aave.decodeShared(sharedResults)
 * const positions = aave.decodeWallet(shared, wallet, walletResults)
 */
export function bindAdapter<TVenue, TShared>(
  adapter: VenueAdapter<TVenue, TShared>,
  context: AdapterContext<TVenue>,
): BoundVenueAdapter {
  const states = new WeakMap<SharedState, TShared>()
  const stateOf = (handle: SharedState): TShared => {
    if (!states.has(handle)) throw new ForeignSharedStateError(adapter.venue, context.chainId)
    return states.get(handle) as TShared
  }
  return {
    venue: adapter.venue,
    chainId: context.chainId,
    logFilter: () => adapter.logFilter(context),
    walletsOf: (log) => adapter.walletsOf(log),
    sharedReads: () => adapter.sharedReads(context),
    decodeShared: (results) => {
      const handle: SharedState = Object.freeze({ venue: adapter.venue, chainId: context.chainId })
      states.set(handle, adapter.decodeShared(context, results))
      return handle
    },
    walletReads: (wallet) => adapter.walletReads(context, wallet),
    decodeWallet: (shared, wallet, results) =>
      adapter.decodeWallet({ context, shared: stateOf(shared), wallet, results }),
    revalue: (shared, position) => adapter.revalue({ context, shared: stateOf(shared), position }),
    toCore: (position, blockNumber) => adapter.toCore({ context, position, blockNumber }),
  }
}
