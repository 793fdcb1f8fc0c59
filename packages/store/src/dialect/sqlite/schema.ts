import { sql } from 'drizzle-orm'
import {
  foreignKey,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core'
import { incompleteReasons, positionKinds, walletSources } from '../vocabulary.js'
import { evmInt, extraJson, int256, uint256 } from './columns.js'

/**
 * The store's tables on SQLite. Addresses and hashes are lowercase 0x-hex text; block numbers and
 * timestamps are integers (they fit in 2^53); 256-bit values use the sortable text columns.
 *
 * Versioned tables (`positions`, `prices`) keep one row per version: a version is valid for blocks
 * `validFrom <= n < validTo`; `validTo` is null for the current version. Rolling back to block n deletes
 * versions with `validFrom > n` and reopens versions with `validTo > n`.
 */

/** Chains the store knows, with their finality rule. */
export const chains = sqliteTable('chains', {
  chainId: integer('chain_id').primaryKey(),
  name: text('name').notNull(),
  /** Blocks below `head - finalityDepth` are final when the RPC does not serve the `finalized` tag. */
  finalityDepth: integer('finality_depth').notNull(),
  /** Whether the indexer should ask the RPC for the `finalized` block tag. */
  useFinalizedTag: integer('use_finalized_tag', { mode: 'boolean' }).notNull().default(false),
})

/**
 * Canonical blocks the indexer has committed: the unfinalized ones, the last finalized one, and inside
 * the retained history (`markFinalized`'s `retainSeconds`) its oldest block and the finalized blocks at
 * which something changed.
 */
export const blocks = sqliteTable(
  'blocks',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    number: integer('number').notNull(),
    hash: text('hash').notNull(),
    parentHash: text('parent_hash').notNull(),
    timestamp: integer('timestamp').notNull(),
    finalized: integer('finalized', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    // Two chains may share hashes (e.g. two local chains with the same history): key by chain too.
    primaryKey({ columns: [t.chainId, t.hash] }),
    // Only canonical blocks are kept, so a number appears once per chain.
    uniqueIndex('blocks_chain_number').on(t.chainId, t.number),
  ],
)

/** How far each sync source of a chain has committed (block number and hash). */
export const syncCursors = sqliteTable(
  'sync_cursors',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    source: text('source').notNull(),
    blockNumber: integer('block_number').notNull(),
    /** Null when a rollback went below every stored block. */
    blockHash: text('block_hash'),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.source] })],
)

/**
 * Whether a chain's stored positions are a complete read of every tracked wallet. A commit that read
 * every tracked wallet (`complete`) starts a complete run; a rollback that is not replaced by such a
 * commit in the same transaction, or a reset, ends it. Readers must not report a chain without a
 * complete run (no row: the first full read has not happened yet).
 */
export const chainSync = sqliteTable('chain_sync', {
  chainId: integer('chain_id')
    .primaryKey()
    .references(() => chains.chainId),
  /** Block of the full read that started the current complete run; null while incomplete. */
  completeFrom: integer('complete_from'),
  /** Why the chain is incomplete; null when complete. */
  incompleteReason: text('incomplete_reason', { enum: incompleteReasons }),
})

/**
 * Each chain's clock as its indexer last saw it: every block of the chain with a timestamp below
 * `clock` is stored. Set after an indexer step that read the chain's pending-block timestamp first and
 * then stored every block up to the head it saw; cleared when blocks are removed (rollback, reset).
 * Readers cut all chains at one time with it (`getChainHeads`), so a change mined on several chains at
 * one timestamp is seen on all of them or on none. Sync metadata: not part of the content hash.
 */
export const chainClocks = sqliteTable('chain_clocks', {
  chainId: integer('chain_id')
    .primaryKey()
    .references(() => chains.chainId),
  /** Unix seconds. */
  clock: integer('clock').notNull(),
})

/**
 * The one indexer allowed to write a chain of this database: its owner id, process and host, and a
 * heartbeat it renews. A lock whose heartbeat is older than the holder's timeout, or whose holder
 * process is gone (same host), can be taken over.
 */
export const writerLocks = sqliteTable('writer_locks', {
  chainId: integer('chain_id')
    .primaryKey()
    .references(() => chains.chainId),
  /** Random id of the holding writer (one per indexer instance). */
  owner: text('owner').notNull(),
  pid: integer('pid').notNull(),
  host: text('host').notNull(),
  /** Random id of the holding process (one per process, shared by its writers); null: written by an older version. */
  instance: text('instance'),
  /**
   * The holder's pid namespace (Linux: kernel boot id and pid namespace, `processPidNamespace`): `pid` is
   * checked for a dead process only by a writer in the same one; null: unknown (no such check).
   */
  pidNamespace: text('pid_namespace'),
  /** Unix ms. */
  acquiredAt: integer('acquired_at').notNull(),
  /** Unix ms of the holder's last renewal. */
  heartbeatAt: integer('heartbeat_at').notNull(),
  /** After this many ms without a heartbeat the lock counts as abandoned. */
  timeoutMs: integer('timeout_ms').notNull(),
})

/** Assets per chain with their price feed and risk factor. */
export const assets = sqliteTable(
  'assets',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    address: text('address').notNull(),
    symbol: text('symbol').notNull(),
    decimals: integer('decimals').notNull(),
    /** Collateral factor as a decimal string (e.g. "0.85"); null when the asset is not collateral. */
    factor: text('factor'),
    /** Price feed address on the same chain, if any. */
    feed: text('feed'),
  },
  (t) => [primaryKey({ columns: [t.chainId, t.address] })],
)

/** Oracle answers per (chain, feed); versioned for reorgs. */
export const prices = sqliteTable(
  'prices',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    feed: text('feed').notNull(),
    /** Asset the feed prices, if known. */
    asset: text('asset'),
    value: int256('value').notNull(),
    decimals: integer('decimals').notNull(),
    /** Feed's own `updatedAt` (unix seconds). */
    updatedAt: integer('updated_at').notNull(),
    roundId: uint256('round_id').notNull(),
    /** Block the answer was read at. */
    blockNumber: integer('block_number').notNull(),
    validFrom: integer('valid_from').notNull(),
    validTo: integer('valid_to'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.feed, t.validFrom] }),
    uniqueIndex('prices_current').on(t.chainId, t.feed).where(sql`${t.validTo} is null`),
    index('prices_valid_to').on(t.chainId, t.validTo),
  ],
)

/**
 * Uniswap v3 pool state per (chain, pool), read at the block (issue 15: forced sales priced by real
 * liquidity); versioned for reorgs like `prices`. Enough to replay a swap exactly (core's
 * `UniswapV3PoolState`): `slot0`, the active liquidity, fee and spacing, and every initialized tick
 * with its `liquidityNet` over `coveredLower..coveredUpper` (whole bitmap words around the price).
 */
export const poolStates = sqliteTable(
  'pool_states',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    pool: text('pool').notNull(),
    sqrtPriceX96: uint256('sqrt_price_x96').notNull(),
    tick: integer('tick').notNull(),
    liquidity: uint256('liquidity').notNull(),
    /** Pips (500 = 0.05%). */
    fee: integer('fee').notNull(),
    tickSpacing: integer('tick_spacing').notNull(),
    /** Initialized ticks ascending, canonical JSON `[[index, "liquidityNet"], …]`. */
    ticks: text('ticks').notNull(),
    coveredLower: integer('covered_lower').notNull(),
    coveredUpper: integer('covered_upper').notNull(),
    /** Block the state was read at. */
    blockNumber: integer('block_number').notNull(),
    validFrom: integer('valid_from').notNull(),
    validTo: integer('valid_to'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.pool, t.validFrom] }),
    uniqueIndex('pool_states_current').on(t.chainId, t.pool).where(sql`${t.validTo} is null`),
    index('pool_states_valid_to').on(t.chainId, t.validTo),
  ],
)

/** Wallets the indexer follows and where they came from. Not versioned (see README in index.ts). */
export const wallets = sqliteTable('wallets', {
  address: text('address').primaryKey(),
  source: text('source', { enum: walletSources }).notNull(),
  /** Unix milliseconds when the store first saw the wallet. */
  firstSeenAt: integer('first_seen_at').notNull(),
  /** Where a discovered wallet was first seen, if known. */
  firstSeenChainId: integer('first_seen_chain_id'),
  firstSeenBlock: integer('first_seen_block'),
})

/** A named group of wallets (one person often has several addresses). */
export const accounts = sqliteTable('accounts', {
  name: text('name').primaryKey(),
  createdAt: integer('created_at').notNull(),
})

export const accountWallets = sqliteTable(
  'account_wallets',
  {
    account: text('account').notNull(),
    wallet: text('wallet').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.account, t.wallet] }),
    foreignKey({ columns: [t.account], foreignColumns: [accounts.name] }).onDelete('cascade'),
    foreignKey({ columns: [t.wallet], foreignColumns: [wallets.address] }),
    index('account_wallets_wallet').on(t.wallet),
  ],
)

/**
 * Balances and positions per (chain, venue, wallet, kind, key); versioned for reorgs.
 * `key` identifies the asset (token address) or the market / position id within the venue.
 */
export const positions = sqliteTable(
  'positions',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    venue: text('venue').notNull(),
    wallet: text('wallet').notNull(),
    kind: text('kind', { enum: positionKinds }).notNull(),
    key: text('key').notNull(),
    /** Raw integer amount in the asset's or market's smallest unit; signed for perps. */
    amount: evmInt('amount').notNull(),
    /** Kind-specific fields, all strings: scaled balance, collateral flag, strike, expiry, entry price… */
    extra: extraJson('extra').notNull(),
    /**
     * The engine's position as the indexer converted it at this block (core's `encodePositionRecord`:
     * the fields the row does not hold), so readers need no venue context and no RPC. Null on rows
     * written before the column existed (the indexer rewrites them at its next block) or that the
     * venue could not convert.
     */
    engine: text('engine'),
    /** Block the position was read at. */
    blockNumber: integer('block_number').notNull(),
    validFrom: integer('valid_from').notNull(),
    validTo: integer('valid_to'),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.venue, t.wallet, t.kind, t.key, t.validFrom] }),
    uniqueIndex('positions_current')
      .on(t.chainId, t.venue, t.wallet, t.kind, t.key)
      .where(sql`${t.validTo} is null`),
    // Reads by wallet: current versions (valid_to null) and versions as of a block.
    index('positions_wallet').on(t.wallet, t.chainId, t.validTo),
    index('positions_valid_to').on(t.chainId, t.validTo),
  ],
)

/**
 * Every round of every feed: the price history (Chainlink `getRoundData`). Rounds are immutable on
 * chain, so a round is written once, tagged with the block it was read at: a rollback below that
 * block deletes it (the indexer reads it again on the new fork). Backfilled rounds are read at the
 * block being committed, so they carry that block's number too.
 */
export const feedRounds = sqliteTable(
  'feed_rounds',
  {
    chainId: integer('chain_id')
      .notNull()
      .references(() => chains.chainId),
    feed: text('feed').notNull(),
    roundId: uint256('round_id').notNull(),
    answer: int256('answer').notNull(),
    decimals: integer('decimals').notNull(),
    /** The round's `updatedAt` (unix seconds). */
    updatedAt: integer('updated_at').notNull(),
    /** Block the round was read at. */
    blockNumber: integer('block_number').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.chainId, t.feed, t.roundId] }),
    index('feed_rounds_time').on(t.chainId, t.feed, t.updatedAt),
    index('feed_rounds_block').on(t.chainId, t.blockNumber),
  ],
)

export const schema = {
  chains,
  blocks,
  syncCursors,
  chainSync,
  chainClocks,
  writerLocks,
  assets,
  prices,
  poolStates,
  wallets,
  accounts,
  accountWallets,
  positions,
  feedRounds,
}
