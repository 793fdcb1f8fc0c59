export type {
  DeleteAccountParameters,
  DeleteAccountReturnType,
  GetAccountsParameters,
  GetAccountsReturnType,
  SetAccountParameters,
  SetAccountReturnType,
} from './actions/accounts.js'
export type { AdvanceChainClockParameters, AdvanceChainClockReturnType } from './actions/chain-clocks.js'
export type {
  GetAssetsParameters,
  GetAssetsReturnType,
  GetChainsParameters,
  GetChainsReturnType,
  UpsertAssetsParameters,
  UpsertAssetsReturnType,
  UpsertChainsParameters,
  UpsertChainsReturnType,
} from './actions/chains.js'
export type { CommitBlockParameters, CommitBlockReturnType } from './actions/commit-block.js'
export type { CommitTipReadsParameters, CommitTipReadsReturnType } from './actions/commit-tip-reads.js'
export {
  type ContentHashParameters,
  type ContentHashReturnType,
  type ContentTable,
  contentTables,
  type DumpContentParameters,
  type DumpContentReturnType,
} from './actions/content-hash.js'
export type { CountPositionsParameters, CountPositionsReturnType } from './actions/count-positions.js'
export type {
  FindCommonAncestorParameters,
  FindCommonAncestorReturnType,
} from './actions/find-common-ancestor.js'
export type {
  GetChainHeadsParameters,
  GetChainHeadsReturnType,
} from './actions/get-chain-heads.js'
export type {
  FeedRoundBounds,
  GetFeedRoundBoundsParameters,
  GetFeedRoundBoundsReturnType,
  GetFeedRoundsParameters,
  GetFeedRoundsReturnType,
} from './actions/get-feed-rounds.js'
export type { GetLatestPricesParameters, GetLatestPricesReturnType } from './actions/get-latest-prices.js'
export type { GetPoolStatesParameters, GetPoolStatesReturnType } from './actions/get-pool-states.js'
export type { GetPositionsParameters, GetPositionsReturnType } from './actions/get-positions.js'
export type {
  GetBlocksParameters,
  GetBlocksReturnType,
  GetTipParameters,
  GetTipReturnType,
} from './actions/get-tip.js'
export type { MarkFinalizedParameters, MarkFinalizedReturnType } from './actions/mark-finalized.js'
export type { ResetChainParameters, ResetChainReturnType } from './actions/reset-chain.js'
export type { RollbackToParameters, RollbackToReturnType } from './actions/rollback-to.js'
export type {
  GetTrackedWalletsParameters,
  GetTrackedWalletsReturnType,
  TrackWalletsParameters,
  TrackWalletsReturnType,
  UntrackWalletParameters,
  UntrackWalletReturnType,
} from './actions/wallets.js'
export type {
  AcquireWriterLockParameters,
  AcquireWriterLockReturnType,
  ReleaseWriterLockParameters,
  ReleaseWriterLockReturnType,
  RenewWriterLockParameters,
  RenewWriterLockReturnType,
  WriterLockHolder,
} from './actions/writer-lock.js'
export {
  type DecodeSortableIntParameters,
  type DecodeSortableIntReturnType,
  decodeSortableInt,
  type EncodeSortableIntParameters,
  type EncodeSortableIntReturnType,
  encodeSortableInt,
  evmIntBounds,
  type IntegerBounds,
  int256Bounds,
  sortableIntLength,
  uint256Bounds,
} from './codec/sortable-int.js'
export { type CreatePostgresStoreParameters, createPostgresStore } from './create-postgres-store.js'
export {
  type CreateStoreParameters,
  type CreateStoreReturnType,
  createStore,
  defaultReadCacheRows,
  type Store,
} from './create-store.js'
export { type Dialect, dialects } from './dialect/executor.js'
export {
  type IncompleteReason,
  incompleteReasons,
  positionKinds,
  walletSources,
} from './dialect/vocabulary.js'
export {
  BelowFinalityError,
  BlockNotAfterTipError,
  DuplicateKeyError,
  IntegerCodecError,
  OutsideRetainedHistoryError,
  ParentHashMismatchError,
  PinnedBlockGoneError,
  StoreBusyError,
  StoreError,
  type StoreErrorParameters,
  UnknownChainError,
  WriterLockedError,
  WriterLockLostError,
} from './errors.js'
export type {
  BlockCommitted,
  WatchBlocksParameters,
  WatchBlocksReturnType,
} from './internal/block-watcher.js'
export { type OpenStoreParameters, type OpenStoreReturnType, openStore } from './open-store.js'
export {
  processInstance,
  type ReadPidNamespaceReturnType,
  readPidNamespace,
} from './process-identity.js'
export type {
  Account,
  Address,
  Asset,
  BlockHeader,
  Chain,
  ChainHead,
  Extra,
  FeedRound,
  FeedRoundWrite,
  Hash,
  PoolStateWrite,
  PositionId,
  PositionKind,
  PositionWrite,
  PriceWrite,
  StoredBlock,
  StoredPoolState,
  StoredPosition,
  StoredPrice,
  TrackedWallet,
  WalletSource,
} from './types.js'
