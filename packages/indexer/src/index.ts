export type { BoundIndexerChain } from './bind-indexer-chains.js'
export {
  type IndexerChainsFromSettingsParameters,
  type IndexerChainsFromSettingsReturnType,
  indexerChainsFromSettings,
} from './chains-from-settings.js'
export {
  type IndexerChainsFromSpecsParameters,
  type IndexerChainsFromSpecsReturnType,
  indexerChainsFromSpecs,
} from './chains-from-specs.js'
export {
  type CreateIndexerParameters,
  createIndexer,
  type Indexer,
  type IndexerChainStatus,
  type WalletReads,
} from './create-indexer.js'
export {
  InconsistentRpcError,
  IndexerError,
  IndexerStoppedError,
  StandbyStoppedError,
  WrongChainError,
} from './errors.js'
export {
  type OpenConfigStoreParameters,
  type OpenConfigStoreReturnType,
  openConfigStore,
} from './open-config-store.js'
export {
  type AdaptiveRateLimiter,
  type AdaptiveRateParameters,
  adaptiveRate,
  createAdaptiveRateLimiter,
} from './rpc/adaptive-rate.js'
export {
  type GetLogsChunksParameters,
  type GetLogsChunksReturnType,
  getLogsChunks,
  type LogsChunk,
} from './rpc/get-logs-chunks.js'
export { type GetLogsSplitParameters, getLogsSplit } from './rpc/get-logs-split.js'
export { type CreateHeadWatcherParameters, createHeadWatcher } from './rpc/watch-heads.js'
export {
  type StartIndexerFromConfigParameters,
  type StartIndexerFromConfigReturnType,
  startIndexerFromConfig,
} from './start-from-config.js'
export { type StartIndexerParameters, type StartIndexerReturnType, startIndexer } from './start-indexer.js'
export { type BackfillProgress, DISCOVERY_CURSOR } from './sync/backfill.js'
export {
  type ChainStatus,
  createChainSyncer,
  type StepOptions,
  type StepResult,
} from './sync/chain-syncer.js'
export { HEAD_CURSOR, type ProcessBlockReturnType } from './sync/process-block.js'
export { readBlockState, readSharedState } from './sync/read-block-state.js'
export type { IndexerChain, IndexerChainOptions } from './types.js'
export {
  type WhenLeaseLostParameters,
  type WhenLeaseLostReturnType,
  whenLeaseLost,
} from './when-lease-lost.js'
