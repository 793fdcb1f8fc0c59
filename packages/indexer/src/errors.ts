export type IndexerErrorParameters = { details?: string | undefined; cause?: unknown; retryable?: boolean }

/** Base of the indexer's errors; `retryable` tells the sync loop whether to back off and retry. */
export class IndexerError extends Error {
  override name = 'IndexerError'
  readonly shortMessage: string
  readonly details: string | undefined
  readonly retryable: boolean

  constructor(shortMessage: string, { details, cause, retryable = false }: IndexerErrorParameters = {}) {
    super(details ? `${shortMessage}\n\nDetails: ${details}` : shortMessage, { cause })
    this.shortMessage = shortMessage
    this.details = details
    this.retryable = retryable
  }
}

/** The RPC answered something that contradicts itself or the chain we expect (wrong chain id, a log from another block). */
export class InconsistentRpcError extends IndexerError {
  override name = 'InconsistentRpcError'
  constructor(shortMessage: string, parameters: Omit<IndexerErrorParameters, 'retryable'> = {}) {
    super(shortMessage, { ...parameters, retryable: true })
  }
}

/** The RPC is for another chain than configured: never index from it. */
export class WrongChainError extends IndexerError {
  override name = 'WrongChainError'
}

/** The indexer was stopped while it waited as a hot standby for the writer lock of its chains: it wrote nothing. */
export class StandbyStoppedError extends IndexerError {
  override name = 'StandbyStoppedError'
  constructor({ chainIds }: { chainIds: readonly number[] }) {
    super(`Stopped while waiting as a standby for the writer lock of chain(s) ${chainIds.join(', ')}.`)
  }
}
