import type { Position as CorePosition } from '@xmargin/core'
import type { Abi, AbiEvent, Address, Log } from 'viem'

/** One contract read inside a Multicall3 batch pinned to a block. */
export type ReadCall = {
  address: Address
  abi: Abi
  functionName: string
  args?: readonly unknown[] | undefined
  /** Short description for error messages (`aave-v3 scaledBalanceOf aWETH 0xabc…`). */
  label?: string | undefined
}

/** A read's outcome: a failed call is reported as such, never turned into a zero. */
export type ReadResult = { status: 'success'; result: unknown } | { status: 'failure'; error: Error }

/** Which logs an adapter needs: `eth_getLogs` over `address` with the topics of `events`. */
export type LogFilter = { address: Address[]; events: readonly AbiEvent[] }

/** The block a shared-state read is pinned to: its number and timestamp (interest accrues to it). */
export type SharedBlock = { number: bigint; timestamp: bigint }

/** An asset an adapter may meet on a chain (a token of the chain's spec). */
export type AssetInfo = { address: Address; symbol: string; decimals: number }

/**
 * What an adapter knows about the chain it runs on. `TVenue` is the venue's own static
 * configuration (contract addresses, markets).
 */
export type AdapterContext<TVenue> = {
  chainId: number
  venue: TVenue
  /** Lowercased token address -> asset. */
  assets: ReadonlyMap<string, AssetInfo>
}

/**
 * A position exactly as the store persists it (the store's `PositionWrite`): `key` identifies the
 * asset or market, `amount` is the raw integer, `extra` holds kind-specific fields as strings
 * (scaled balances, collateral flag, reserve parameters, strike, expiry…).
 */
export type IndexedPosition = {
  venue: string
  wallet: Address
  kind: 'spot' | 'supply' | 'debt' | 'perp' | 'option'
  key: string
  amount: bigint
  extra: Record<string, string>
}

/**
 * A venue adapter: (1) which events reveal that a wallet's state changed, (2) a batched read plan
 * for a set of wallets at a pinned block, (3) a decoder into positions, and the mapping of stored
 * positions into the engine's core positions.
 *
 * Reads are split: `sharedReads` run once per block (reserve indexes, market totals, feed answers)
 * and `walletReads` once per wallet. For interest-bearing balances `revalue` recomputes a stored
 * position from its stored scaled amount and this block's shared state, so a block without
 * events for a wallet needs no per-wallet call and stays exact.
 *
 * A shared read may need an argument only known from an earlier read (Morpho's IRM takes the
 * market's stored totals). `sharedReads` gets a `hint`, the shared state of an earlier block or
 * round; `decodeShared` gets the same hint and says, through `isSettled`, whether the state is
 * exact or needs another round built from it. Callers loop (`settleShared`); with the previous
 * block's state as the hint, one round is the norm.
 */
export type VenueAdapter<TVenue = unknown, TShared = unknown> = {
  /** Venue id as the engine names it: 'wallet', 'aave-v3', 'morpho-blue', 'perp', 'options'. */
  venue: string
  /** Log filter: the contract addresses whose `events` reveal a wallet change. */
  logFilter: (context: AdapterContext<TVenue>) => LogFilter
  /** Wallets a matching log touches (Transfer's from/to, Supply's onBehalfOf, …). */
  walletsOf: (log: Log<bigint, number, false>) => Address[]
  sharedReads: (context: AdapterContext<TVenue>, hint?: TShared | undefined) => ReadCall[]
  decodeShared: (
    context: AdapterContext<TVenue>,
    results: readonly ReadResult[],
    meta: { block: SharedBlock; hint?: TShared | undefined },
  ) => TShared
  /** `false` when the decoded state needs another round of shared reads hinted by it. Absent: always settled. */
  isSettled?: ((shared: TShared) => boolean) | undefined
  walletReads: (context: AdapterContext<TVenue>, wallet: Address) => ReadCall[]
  /** Every position the wallet has on this venue at the block; absent ones are deleted by the indexer. */
  decodeWallet: (parameters: {
    context: AdapterContext<TVenue>
    shared: TShared
    wallet: Address
    results: readonly ReadResult[]
  }) => IndexedPosition[]
  /**
   * Whether a stored position moves with time in a way `revalue` cannot follow from shared state
   * (Perp's funding is readable only per trader): the indexer then re-reads its wallet at every
   * block, events or not. Absent: never.
   */
  movesWithoutEvents?: ((position: IndexedPosition) => boolean) | undefined
  /** Recomputes a stored position for a new block's shared state; identity for non-accruing positions. */
  revalue: (parameters: {
    context: AdapterContext<TVenue>
    shared: TShared
    position: IndexedPosition
  }) => IndexedPosition
  /** The engine's view of a stored position. */
  toCore: (parameters: {
    context: AdapterContext<TVenue>
    position: IndexedPosition
    blockNumber: bigint
  }) => CorePosition
}
