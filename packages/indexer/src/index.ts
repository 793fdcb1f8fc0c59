export {
  type IndexerChainsFromManifestParameters,
  indexerChainsFromManifest,
  type ManifestIndexerChain,
} from './chains-from-manifest.js'
export {
  type CreateIndexerParameters,
  createIndexer,
  type Indexer,
  type IndexerChainStatus,
} from './create-indexer.js'
export { InconsistentRpcError, IndexerError, WrongChainError } from './errors.js'
export {
  type AdaptiveRateLimiter,
  type AdaptiveRateParameters,
  adaptiveRate,
  createAdaptiveRateLimiter,
} from './rpc/adaptive-rate.js'
export { type GetLogsSplitParameters, getLogsSplit } from './rpc/get-logs-split.js'
export { type CreateHeadWatcherParameters, createHeadWatcher } from './rpc/watch-heads.js'
export { type BackfillProgress, DISCOVERY_CURSOR } from './sync/backfill.js'
export { type ChainStatus, createChainSyncer, type StepResult } from './sync/chain-syncer.js'
export { HEAD_CURSOR, type ProcessBlockReturnType } from './sync/process-block.js'
export { readBlockState, readSharedState } from './sync/read-block-state.js'
export type { IndexerChain } from './types.js'
