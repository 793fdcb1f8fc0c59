import type {
  Address,
  ChainFinality,
  ChainSpec,
  Position as EnginePosition,
  UniswapV3PoolState,
} from '@xmargin/core'
import type { Extra } from './dialect/extra.js'
import type { IncompleteReason, PositionKind, WalletSource } from './dialect/vocabulary.js'

/** Addresses are core's `Address`; the store lowercases every address it writes or reads. */
export type { Address, Extra, PositionKind, WalletSource }
/** 0x-prefixed 32-byte hex (compatible with viem's `Hash`). Lowercased by the store. */
export type Hash = `0x${string}`

/** Where a tracked wallet came from. */

/** A chain (its spec's id and name) and its finality rule. */
export type Chain = Pick<ChainSpec, 'chainId' | 'name'> & ChainFinality

/** The fields of a block header the store keeps. */
export type BlockHeader = {
  number: number
  hash: Hash
  parentHash: Hash
  /** Unix seconds. */
  timestamp: number
}

/** A block as stored for a chain. */
export type StoredBlock = BlockHeader & { chainId: number; finalized: boolean }

/** Identifies one position of one wallet on one chain. `key` is the asset address or market / position id. */
export type PositionId = {
  chainId: number
  venue: string
  wallet: Address
  kind: PositionKind
  key: string
}

/** A position as written in a block (its chain is the block's). */
export type PositionWrite = Omit<PositionId, 'chainId'> & {
  /** Raw integer amount: any uint256 or int256 value. */
  amount: bigint
  /** Kind-specific fields as strings (scaled balance, collateral flag, strike, expiry, entry price…). */
  extra?: Extra | undefined
  /**
   * The engine's position, as the venue converts this one (its `blockNumber`, `id`, `chainId`,
   * `venue` and `wallet` are not stored: they come from the row). Null or absent: the venue could
   * not convert it, and readers report it as unmapped.
   */
  engine?: EnginePosition | null | undefined
}

/** A position as read back: the venue's row and the engine's position built from it at index time. */
export type StoredPosition = PositionId & {
  amount: bigint
  extra: Extra
  /** Block at which this value was first read (re-reads of an unchanged value do not move it). */
  blockNumber: number
  /** The engine's position at `blockNumber`; null when the row has none (see `PositionWrite.engine`). */
  engine: EnginePosition | null
}

/** An oracle answer as written in a block. */
export type PriceWrite = {
  feed: Address
  asset?: Address | null | undefined
  /** The feed's int256 answer. */
  value: bigint
  decimals: number
  /** Feed's `updatedAt`, unix seconds. */
  updatedAt: number
  roundId: bigint
}

/** A Uniswap v3 pool's state read at a block, as written. */
export type PoolStateWrite = { pool: Address; state: UniswapV3PoolState }

/** A Uniswap v3 pool's state as stored: the version valid at the block read at (or the current one). */
export type StoredPoolState = {
  chainId: number
  pool: Address
  state: UniswapV3PoolState
  /** Block at which this state was first read (it held unchanged from there). */
  blockNumber: number
}

/** One round of a feed (Chainlink `getRoundData`), as written. */
export type FeedRoundWrite = {
  feed: Address
  roundId: bigint
  /** The round's int256 answer. */
  answer: bigint
  decimals: number
  /** The round's `updatedAt`, unix seconds. */
  updatedAt: number
}

/** A stored feed round, with the block it was read at. */
export type FeedRound = FeedRoundWrite & { chainId: number; blockNumber: number }

/** The current answer of a feed as read back. */
export type StoredPrice = {
  chainId: number
  feed: Address
  asset: Address | null
  value: bigint
  decimals: number
  updatedAt: number
  roundId: bigint
  /** Block at which this answer was first read. */
  blockNumber: number
}

export type Asset = {
  chainId: number
  address: Address
  symbol: string
  decimals: number
  /** Collateral factor as a decimal string, e.g. "0.85"; null if not collateral. */
  factor: string | null
  feed: Address | null
}

export type TrackedWallet = {
  address: Address
  source: WalletSource
  /** Unix milliseconds. */
  firstSeenAt: number
  firstSeenChainId: number | null
  firstSeenBlock: number | null
}

export type Account = { name: string; wallets: Address[] }

/**
 * One chain as readers see it: the store's only chain read type. Its completeness and sync cursors are
 * parts of it, not types of their own (the store's internals read them as `Pick`s of this one).
 */
export type ChainHead = {
  /** Block of the full read that started the current complete run; null while incomplete. */
  completeFrom: number | null
  /**
   * Why the chain cannot be reported at its served block. The stored reasons: `first-sync` (no full
   * read yet), `rolled-back` (a rollback went below the last full read and was not replaced by one),
   * `reindexing` (the chain was reset, e.g. after a reorg deeper than finality). Or `before-cut`: its
   * complete run starts above the served block, because the cut in time falls before it (another
   * chain's clock lags this chain's first full read). Null when its positions at the served block are
   * a complete read.
   */
  incomplete: IncompleteReason | 'first-sync' | 'before-cut' | null
  chain: Chain
  /** Highest stored block, null before the first commit. */
  tip: StoredBlock | null
  /**
   * The block to read this chain at: the highest stored block below `cutTime` when the chain takes
   * part in the cut, else the tip (never below the finalized floor, whose older versions are pruned).
   */
  served: StoredBlock | null
  /** The chain's clock (unix s, see `advanceChainClock`): every block below it is stored; null when unknown. */
  clock: number | null
  /**
   * The one time (unix s) the chains taking part are cut at, the same on each of their heads in one
   * call; null on a chain that takes no part (its indexer recorded no clock).
   */
  cutTime: number | null
  /** Rollback floor (highest finalized stored block). */
  finalized: StoredBlock | null
  /** The indexer's sync cursors of this chain, by source (e.g. `head`, `discovery`): the last block each covered. */
  cursors: { source: string; blockNumber: number; blockHash: Hash | null }[]
}
