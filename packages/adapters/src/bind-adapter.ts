import type { Position as CorePosition } from '@xmargin/core'
import { BaseError } from '@xmargin/core'
import type { Address, Log } from 'viem'
import type {
  AdapterContext,
  IndexedPosition,
  LogFilter,
  ReadCall,
  ReadResult,
  SharedBlock,
  VenueAdapter,
} from './adapter.js'

/** A venue's decoded per-block state, opaque outside its bound adapter. */
export type SharedState = { readonly venue: string; readonly chainId: number }

/**
 * One round of a venue's shared reads: the calls, and the decoder of their results (it knows the
 * hint the calls were built from).
 */
export type SharedPlan = {
  calls: ReadCall[]
  decode: (results: readonly ReadResult[], block: SharedBlock) => SharedState
}

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
  /**
   * This block's shared reads, hinted by `hint` or else by the last state this adapter decoded
   * (normally the previous block's), so a settled state is the norm after one round.
   */
  planShared: (hint?: SharedState) => SharedPlan
  /** Whether a decoded state is exact, or needs another round `planShared(state)`. */
  isSettled: (shared: SharedState) => boolean
  walletReads: (wallet: Address) => ReadCall[]
  decodeWallet: (shared: SharedState, wallet: Address, results: readonly ReadResult[]) => IndexedPosition[]
  /** Whether the position's wallet must be re-read at every block (see `VenueAdapter.movesWithoutEvents`). */
  movesWithoutEvents: (position: IndexedPosition) => boolean
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
 * const plan = aave.planShared()
 * const shared = plan.decode(sharedResults, { number: 123n, timestamp: 1_700_000_000n })
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
  let last: TShared | undefined
  return {
    venue: adapter.venue,
    chainId: context.chainId,
    logFilter: () => adapter.logFilter(context),
    walletsOf: (log) => adapter.walletsOf(log),
    planShared: (hintHandle) => {
      const hint = hintHandle ? stateOf(hintHandle) : last
      return {
        calls: adapter.sharedReads(context, hint),
        decode: (results, block) => {
          const state = adapter.decodeShared(context, results, { block, hint })
          const handle: SharedState = Object.freeze({ venue: adapter.venue, chainId: context.chainId })
          states.set(handle, state)
          if (adapter.isSettled?.(state) ?? true) last = state
          return handle
        },
      }
    },
    isSettled: (handle) => adapter.isSettled?.(stateOf(handle)) ?? true,
    walletReads: (wallet) => adapter.walletReads(context, wallet),
    decodeWallet: (shared, wallet, results) =>
      adapter.decodeWallet({ context, shared: stateOf(shared), wallet, results }),
    movesWithoutEvents: (position) => adapter.movesWithoutEvents?.(position) ?? false,
    revalue: (shared, position) => adapter.revalue({ context, shared: stateOf(shared), position }),
    toCore: (position, blockNumber) => adapter.toCore({ context, position, blockNumber }),
  }
}
