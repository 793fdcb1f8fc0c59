import { BaseError } from '@xmargin/core'
import type { WriterLockLostError } from '@xmargin/store'

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

/**
 * The indexer stopped on its own: another indexer took over one of its chains (its writer lease was
 * lost: it hung, or its heartbeats did not reach the database, past the lease timeout). A process that
 * indexes exits 1 with it rather than idle on (or, with an API, serve data nobody writes any more), so
 * a supervisor restarts it (as a standby, it then waits for the new writer).
 *
 * @example
 * throw new IndexerStoppedError({ chainIds: [1, 42161], lost })
 */
export class IndexerStoppedError extends BaseError {
  override name = 'IndexerStoppedError'
  readonly chainIds: readonly number[]
  /** The chain whose lease was lost first. */
  readonly chainId: number
  /** Who holds that chain now (null: nobody, its lock was released). */
  readonly holder: WriterLockLostError['holder']

  constructor({ chainIds, lost }: { chainIds: readonly number[]; lost: WriterLockLostError }) {
    const by = lost.holder
      ? `pid ${lost.holder.pid} on ${lost.holder.host}`
      : 'nobody (its lock was released)'
    super(`The indexer stopped: another indexer took over chain ${lost.chainId} (now written by ${by}).`, {
      details: `its writer lock was lost; chains ${chainIds.join(', ')}; restart it (as a standby it waits for the new writer).`,
      cause: lost,
    })
    this.chainIds = chainIds
    this.chainId = lost.chainId
    this.holder = lost.holder
  }
}
