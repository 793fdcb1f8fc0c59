import {
  type DeleteAccountParameters,
  type DeleteAccountReturnType,
  deleteAccount,
  type GetAccountsParameters,
  type GetAccountsReturnType,
  getAccounts,
  type SetAccountParameters,
  type SetAccountReturnType,
  setAccount,
} from './actions/accounts.js'
import {
  type AdvanceChainClockParameters,
  type AdvanceChainClockReturnType,
  advanceChainClock,
} from './actions/chain-clocks.js'
import {
  type GetAssetsParameters,
  type GetAssetsReturnType,
  type GetChainsParameters,
  type GetChainsReturnType,
  getAssets,
  getChains,
  type UpsertAssetsParameters,
  type UpsertAssetsReturnType,
  type UpsertChainsParameters,
  type UpsertChainsReturnType,
  upsertAssets,
  upsertChains,
} from './actions/chains.js'
import {
  type CommitBlockParameters,
  type CommitBlockReturnType,
  commitBlock,
} from './actions/commit-block.js'
import {
  type CommitTipReadsParameters,
  type CommitTipReadsReturnType,
  commitTipReads,
} from './actions/commit-tip-reads.js'
import {
  type ContentHashParameters,
  type ContentHashReturnType,
  contentHash,
  type DumpContentParameters,
  type DumpContentReturnType,
  dumpContent,
} from './actions/content-hash.js'
import {
  type CountPositionsParameters,
  type CountPositionsReturnType,
  countPositions,
} from './actions/count-positions.js'
import {
  type FindCommonAncestorParameters,
  type FindCommonAncestorReturnType,
  findCommonAncestor,
} from './actions/find-common-ancestor.js'
import {
  type GetChainHeadsParameters,
  type GetChainHeadsReturnType,
  getChainHeads,
} from './actions/get-chain-heads.js'
import {
  type GetFeedRoundBoundsParameters,
  type GetFeedRoundBoundsReturnType,
  type GetFeedRoundsParameters,
  type GetFeedRoundsReturnType,
  getFeedRoundBounds,
  getFeedRounds,
} from './actions/get-feed-rounds.js'
import {
  type GetLatestPricesParameters,
  type GetLatestPricesReturnType,
  getLatestPrices,
} from './actions/get-latest-prices.js'
import {
  type GetPoolStatesParameters,
  type GetPoolStatesReturnType,
  getPoolStates,
} from './actions/get-pool-states.js'
import {
  type GetPositionsParameters,
  type GetPositionsReturnType,
  getPositions,
} from './actions/get-positions.js'
import {
  type GetBlocksParameters,
  type GetBlocksReturnType,
  type GetTipParameters,
  type GetTipReturnType,
  getBlocks,
  getTip,
} from './actions/get-tip.js'
import {
  type MarkFinalizedParameters,
  type MarkFinalizedReturnType,
  markFinalized,
} from './actions/mark-finalized.js'
import { type ResetChainParameters, type ResetChainReturnType, resetChain } from './actions/reset-chain.js'
import { type RollbackToParameters, type RollbackToReturnType, rollbackTo } from './actions/rollback-to.js'
import {
  type GetTrackedWalletsParameters,
  type GetTrackedWalletsReturnType,
  getTrackedWallets,
  type TrackWalletsParameters,
  type TrackWalletsReturnType,
  trackWallets,
  type UntrackWalletParameters,
  type UntrackWalletReturnType,
  untrackWallet,
} from './actions/wallets.js'
import {
  type AcquireWriterLockParameters,
  type AcquireWriterLockReturnType,
  acquireWriterLock,
  type ReleaseWriterLockParameters,
  type ReleaseWriterLockReturnType,
  type RenewWriterLockParameters,
  type RenewWriterLockReturnType,
  releaseWriterLock,
  renewWriterLock,
} from './actions/writer-lock.js'
import type { StoreExecutor, StoreTx } from './dialect/executor.js'
import { createSqliteExecutor } from './dialect/sqlite/open-database.js'
import { StoreBusyError, StoreError } from './errors.js'
import {
  createBlockWatcher,
  type WatchBlocksParameters,
  type WatchBlocksReturnType,
} from './internal/block-watcher.js'
import { createReadCache, readCacheKey } from './internal/read-cache.js'

export type CreateStoreParameters = {
  /** SQLite file path (created if missing). ':memory:' works for a single connection. */
  path: string
  /** How long a write waits for another connection's lock, in ms. Default 5000. */
  busyTimeoutMs?: number | undefined
  /**
   * Clock for wall-clock columns (first-seen, created-at, writer-lock heartbeats), unix ms. Default `Date.now`.
   * It is the database's clock: a SQLite file is shared by the processes of one host only.
   */
  now?: (() => number) | undefined
  /** How often `watchBlocks` looks for other connections' commits while a watch is open, ms. Default 500. */
  watchIntervalMs?: number | undefined
  /**
   * Most rows of request reads (`getChainHeads`, `getLatestPrices`, `getPoolStates`, `getPositions`,
   * `countPositions`, `getTrackedWallets`, `getAccounts`) kept between two changes of the database, so the requests
   * between two blocks read them once; see `createReadCache`. 0 turns it off. Default
   * {@link defaultReadCacheRows}. SQLite only: PostgreSQL has no cheap change counter.
   */
  readCacheRows?: number | undefined
}

/** Default of {@link CreateStoreParameters.readCacheRows}: a few MB of rows. */
export const defaultReadCacheRows = 20_000

type Action<P, R> = (parameters: P) => Promise<R>

/**
 * The store the indexer writes and the API reads. Methods return promises so that a PostgreSQL
 * implementation can share this interface; on SQLite each call runs synchronously inside.
 * Each method's documentation is on the function of the same name in `src/actions/`.
 */
export type Store = {
  upsertChains: (parameters: UpsertChainsParameters) => Promise<UpsertChainsReturnType>
  getChains: (parameters?: GetChainsParameters) => Promise<GetChainsReturnType>
  upsertAssets: (parameters: UpsertAssetsParameters) => Promise<UpsertAssetsReturnType>
  getAssets: (parameters?: GetAssetsParameters) => Promise<GetAssetsReturnType>
  commitBlock: (parameters: CommitBlockParameters) => Promise<CommitBlockReturnType>
  commitTipReads: (parameters: CommitTipReadsParameters) => Promise<CommitTipReadsReturnType>
  getTip: (parameters: GetTipParameters) => Promise<GetTipReturnType>
  getBlocks: (parameters: GetBlocksParameters) => Promise<GetBlocksReturnType>
  findCommonAncestor: (parameters: FindCommonAncestorParameters) => Promise<FindCommonAncestorReturnType>
  rollbackTo: (parameters: RollbackToParameters) => Promise<RollbackToReturnType>
  markFinalized: (parameters: MarkFinalizedParameters) => Promise<MarkFinalizedReturnType>
  resetChain: (parameters: ResetChainParameters) => Promise<ResetChainReturnType>
  advanceChainClock: (parameters: AdvanceChainClockParameters) => Promise<AdvanceChainClockReturnType>
  acquireWriterLock: (parameters: AcquireWriterLockParameters) => Promise<AcquireWriterLockReturnType>
  renewWriterLock: (parameters: RenewWriterLockParameters) => Promise<RenewWriterLockReturnType>
  releaseWriterLock: (parameters: ReleaseWriterLockParameters) => Promise<ReleaseWriterLockReturnType>
  getPositions: (parameters: GetPositionsParameters) => Promise<GetPositionsReturnType>
  countPositions: (parameters: CountPositionsParameters) => Promise<CountPositionsReturnType>
  getLatestPrices: (parameters?: GetLatestPricesParameters) => Promise<GetLatestPricesReturnType>
  getPoolStates: (parameters?: GetPoolStatesParameters) => Promise<GetPoolStatesReturnType>
  getChainHeads: (parameters?: GetChainHeadsParameters) => Promise<GetChainHeadsReturnType>
  getFeedRounds: (parameters: GetFeedRoundsParameters) => Promise<GetFeedRoundsReturnType>
  getFeedRoundBounds: (parameters: GetFeedRoundBoundsParameters) => Promise<GetFeedRoundBoundsReturnType>
  trackWallets: (parameters: TrackWalletsParameters) => Promise<TrackWalletsReturnType>
  untrackWallet: (parameters: UntrackWalletParameters) => Promise<UntrackWalletReturnType>
  getTrackedWallets: (parameters?: GetTrackedWalletsParameters) => Promise<GetTrackedWalletsReturnType>
  setAccount: (parameters: SetAccountParameters) => Promise<SetAccountReturnType>
  deleteAccount: (parameters: DeleteAccountParameters) => Promise<DeleteAccountReturnType>
  getAccounts: (parameters?: GetAccountsParameters) => Promise<GetAccountsReturnType>
  dumpContent: (parameters?: DumpContentParameters) => Promise<DumpContentReturnType>
  contentHash: (parameters?: ContentHashParameters) => Promise<ContentHashReturnType>
  /**
   * Reports each chain whose stored tip another connection moved (another process's indexer
   * committed a block, rolled back or reset): the change signal of a server that runs without the
   * indexer (`xmargin serve`, `start --role api`). SQLite polls a cheap counter only while a watch is
   * open; PostgreSQL listens (`LISTEN xmargin_blocks`: every write that moves a tip or a clock notifies
   * as it commits), so a commit in any process reaches every watching replica at once, with no
   * polling. Returns the function that stops the watch.
   */
  watchBlocks: (parameters: WatchBlocksParameters) => WatchBlocksReturnType
  /**
   * Closes the connection and stops every watch (SQLite: at once, checkpointing the WAL; PostgreSQL: the pool, once its
   * queries end). Further calls throw.
   */
  close: () => Promise<void>
}

export type CreateStoreReturnType = Store

/**
 * Opens the SQLite file at `path`, applies pending migrations (WAL, foreign keys on, busy timeout) and
 * returns the store. Several processes may open the same file; writes are serialised by SQLite.
 *
 * @example
 * const store = createStore({ path: './xmargin.db' })
 * await store.upsertChains({ chains: [{ chainId: 1, name: 'mainnet', finalityDepth: 65, useFinalizedTag: true }] })
 */
export function createStore(parameters: CreateStoreParameters): CreateStoreReturnType {
  return storeOn(createSqliteExecutor(parameters), parameters)
}

/**
 * The store's actions on an executor (either dialect). Every action runs alone on SQLite's one
 * connection (`exclusive`); reads of several statements run in one snapshot (`read`).
 *
 * @example
 * const store = storeOn(createSqliteExecutor({ path: './xmargin.db' }), {})
 */
export function storeOn(
  db: StoreExecutor,
  options: {
    now?: (() => number) | undefined
    watchIntervalMs?: number | undefined
    readCacheRows?: number | undefined
  },
): Store {
  const now = options.now ?? Date.now
  const readCacheRows = options.readCacheRows ?? defaultReadCacheRows
  if (!Number.isInteger(readCacheRows) || readCacheRows < 0)
    throw new StoreError(`readCacheRows must be a non-negative integer, got ${readCacheRows}.`)
  const cache =
    db.changeCounter && readCacheRows > 0
      ? createReadCache({ changeCounter: db.changeCounter, maxRows: readCacheRows })
      : undefined
  const watcher = createBlockWatcher({
    db,
    version: db.changeCounter,
    listen: db.listenChainChanges,
    intervalMs: options.watchIntervalMs ?? 500,
    toError: (error) => toStoreError(db, 'watchBlocks', error),
  })
  /** An action that reads only: it leaves the read cache as it is. */
  const read =
    <P, R>(name: string, fn: (parameters: P) => Promise<R>): Action<P, R> =>
    (args: P) =>
      db.exclusive(async () => {
        try {
          return await fn(args)
        } catch (error) {
          throw toStoreError(db, name, error)
        }
      })
  /**
   * An action that may write (the default for any new one): the read cache counts it as a change,
   * before it runs and after, committed or not.
   */
  const run =
    <P, R>(name: string, fn: (parameters: P) => Promise<R>): Action<P, R> =>
    (args: P) =>
      db.exclusive(async () => {
        cache?.change()
        try {
          return await fn(args)
        } catch (error) {
          throw toStoreError(db, name, error)
        } finally {
          cache?.change()
        }
      })
  /** Several reads as one snapshot. */
  const snapshot =
    <P, R>(fn: (tx: StoreTx, parameters: P) => Promise<R>) =>
    (args: P) =>
      db.read((tx) => fn(tx, args))
  /** A request read as one snapshot, its answer kept until the database changes (see `createReadCache`). */
  const kept = <P, R>(name: string, fn: (tx: StoreTx, parameters: P) => Promise<R>): Action<P, R> => {
    const once = snapshot(fn)
    if (!cache) return read(name, once)
    return (args: P) =>
      db.exclusive(async () => {
        try {
          return await cache.read(`${name}:${readCacheKey(args)}`, () => once(args))
        } catch (error) {
          throw toStoreError(db, name, error)
        }
      })
  }

  return {
    upsertChains: run('upsertChains', (p) => upsertChains(db, p)),
    getChains: read('getChains', (p = {}) => getChains(db, p)),
    upsertAssets: run('upsertAssets', (p) => upsertAssets(db, p)),
    getAssets: read('getAssets', (p) => getAssets(db, p)),
    commitBlock: run('commitBlock', (p) => commitBlock(db, p)),
    commitTipReads: run('commitTipReads', (p) => commitTipReads(db, p)),
    getTip: read('getTip', (p) => getTip(db, p)),
    getBlocks: read('getBlocks', (p) => getBlocks(db, p)),
    // Not one action: it awaits the caller's RPC between pages, which must not hold SQLite's connection.
    findCommonAncestor: (p) =>
      findCommonAncestor(
        read('findCommonAncestor', (page: GetBlocksParameters) => getBlocks(db, page)),
        p,
      ).catch((error: unknown) => {
        throw toStoreError(db, 'findCommonAncestor', error)
      }),
    rollbackTo: run('rollbackTo', (p) => rollbackTo(db, p)),
    markFinalized: run('markFinalized', (p) => markFinalized(db, p)),
    resetChain: run('resetChain', (p) => resetChain(db, p)),
    advanceChainClock: run('advanceChainClock', (p) => advanceChainClock(db, p)),
    acquireWriterLock: run('acquireWriterLock', (p) => acquireWriterLock(db, p)),
    renewWriterLock: run('renewWriterLock', (p) => renewWriterLock(db, p)),
    releaseWriterLock: run('releaseWriterLock', (p) => releaseWriterLock(db, p)),
    getPositions: kept('getPositions', getPositions),
    // Kept where there is a cache; elsewhere one bare query, not a snapshot transaction per request.
    countPositions: cache
      ? kept('countPositions', countPositions)
      : read('countPositions', (p) => countPositions(db, p)),
    getLatestPrices: kept('getLatestPrices', getLatestPrices),
    getPoolStates: kept('getPoolStates', getPoolStates),
    getChainHeads: kept('getChainHeads', getChainHeads),
    getFeedRounds: read('getFeedRounds', snapshot(getFeedRounds)),
    getFeedRoundBounds: read('getFeedRoundBounds', snapshot(getFeedRoundBounds)),
    trackWallets: run('trackWallets', (p) => trackWallets(db, p, now)),
    untrackWallet: run('untrackWallet', (p) => untrackWallet(db, p)),
    getTrackedWallets: kept('getTrackedWallets', getTrackedWallets),
    setAccount: run('setAccount', (p) => setAccount(db, p, now)),
    deleteAccount: run('deleteAccount', (p) => deleteAccount(db, p)),
    getAccounts: kept('getAccounts', getAccounts),
    dumpContent: read('dumpContent', snapshot(dumpContent)),
    contentHash: read('contentHash', snapshot(contentHash)),
    watchBlocks: (p) => watcher.watch(p),
    close: () => {
      // SQLite closes at once (callers that do not await still checkpoint the WAL); a listener first.
      const listening = watcher.close()
      return listening ? listening.then(() => db.close()) : db.close()
    },
  }
}

/** Keeps store errors as they are; wraps driver errors, marking a busy database as retryable. */
function toStoreError(db: StoreExecutor, action: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error
  if (db.isBusy(error))
    return new StoreBusyError('The database is busy.', { details: `store.${action}`, cause: error })
  if (db.isForeignKeyViolation(error))
    return new StoreError('The write refers to a row that does not exist or is still referenced.', {
      details: `store.${action}`,
      cause: error,
    })
  return new StoreError(`store.${action} failed.`, {
    details: error instanceof Error ? error.message : String(error),
    cause: error,
  })
}
