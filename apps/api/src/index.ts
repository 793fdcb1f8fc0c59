export { type ApiLimits, defaultApiLimits } from '@xmargin/config'
export {
  type Attestation,
  type AttestationDomain,
  type AttestationDomainParameters,
  type AttestationMessage,
  type AttestationSigner,
  attestationDomain,
  attestationMessage,
  attestationTypes,
  type CreateAttestationSignerParameters,
  createAttestationSigner,
} from './attestation.js'
export {
  type BlockEvent,
  type BlockEventEmitter,
  type BlockEventSource,
  type CreateStoreBlockEventsParameters,
  createBlockEventEmitter,
  createStoreBlockEvents,
  type IndexerBlockHooks,
} from './block-events.js'
export {
  type BacktestJson,
  type BacktestQueryVariables,
  backtestQueryDocument,
  type CalibrationJson,
  calibrationQueryDocument,
  type MarginHistoryJson,
  marginHistoryQueryDocument,
} from './calibration-documents.js'
export type { ApiChain, ApiFeed, ApiVolatilityFeed } from './chain.js'
export {
  type ApiChainFromSpecParameters,
  type ApiChainFromSpecReturnType,
  apiChainFromSpec,
  type PriceAliasesOfParameters,
  type PriceAliasesOfReturnType,
  priceAliasesOf,
} from './chain-from-spec.js'
export {
  type CreateApiServerParameters,
  type CreateApiServerReturnType,
  createApiServer,
} from './create-api-server.js'
export { createEngineRunner, defaultEngineThreads, type EngineRunner } from './engine/engine-runner.js'
export { type EngineTask, EngineWorkerError } from './engine/engine-task.js'
export { ApiError, type ApiErrorCode, ApiSettingsError, httpStatusOf, MAX_ADDRESSES } from './errors.js'
export {
  type CheckResultParameters,
  checkResult,
  committedSchema,
  ResultShapeError,
} from './graphql/check-result.js'
export {
  customScalarJson,
  graphql,
  type ResultOf,
  type TypedDocument,
  type VariablesOf,
} from './graphql/graphql.js'
export { createApiLogger } from './logger.js'
export {
  type CascadeJson,
  type CascadeQueryVariables,
  cascadeQueryDocument,
  type MarginComparisonJson,
  type MarginModelValue,
  type MarginQueryVariables,
  type MarginReportJson,
  marginQueryDocument,
  marginReportFragment,
  type ShockInputJson,
  type StressQueryVariables,
  type StressScenarioValue,
  stressQueryDocument,
} from './report-document.js'
export { buildSchema } from './schema/build-schema.js'
export { type PersistedOperations, readPersistedOperations } from './server/persisted-operations.js'
export type { ChainFreshness, IndexerStatusSource } from './service/chain-freshness.js'
export type { MarginReportView } from './service/report-view.js'
export type { SolvencyVerdict, SolvencyView } from './service/solvency.js'
export {
  type AutoTrackLimits,
  defaultAutoTrackLimits,
  notTrackedReason,
  trackingPendingReason,
  type WalletReader,
} from './service/wallet-tracking.js'
