import { BaseError, type BaseErrorParameters } from '@xmargin/core'

/** Fields shared by every store error. */
export type StoreErrorParameters = Omit<BaseErrorParameters, 'retryable'>

/**
 * Base class of every error thrown by `@xmargin/store`, a core `BaseError`: `shortMessage` is one
 * human sentence; `details` adds ids and values; `cause` keeps the original error; `retryable`
 * tells a caller whether the same call can succeed later unchanged (e.g. a busy database).
 */
export class StoreError extends BaseError {
  override name = 'StoreError'

  constructor(shortMessage: string, parameters: StoreErrorParameters = {}, retryable = false) {
    super(shortMessage, { ...parameters, retryable })
  }
}

/** A big integer does not fit the column's range, or a stored text is not a valid encoding. */
export class IntegerCodecError extends StoreError {
  override name = 'IntegerCodecError'
}

/** The chain has not been registered with `upsertChains`. */
export class UnknownChainError extends StoreError {
  override name = 'UnknownChainError'
  readonly chainId: number
  constructor({ chainId }: { chainId: number }) {
    super(`Chain ${chainId} is not registered in the store.`, {
      details: 'Call store.upsertChains() with this chain first.',
    })
    this.chainId = chainId
  }
}

/**
 * The committed block's `parentHash` differs from the stored tip's hash: the chain reorganised.
 * The indexer should find the common ancestor (`findCommonAncestor`) and `rollbackTo` it.
 */
export class ParentHashMismatchError extends StoreError {
  override name = 'ParentHashMismatchError'
  readonly chainId: number
  readonly blockNumber: number
  readonly expectedParentHash: string
  readonly parentHash: string
  constructor(args: {
    chainId: number
    blockNumber: number
    expectedParentHash: string
    parentHash: string
  }) {
    super(`Block ${args.blockNumber} on chain ${args.chainId} does not extend the stored tip (reorg).`, {
      details: `stored tip hash ${args.expectedParentHash}, block parentHash ${args.parentHash}`,
    })
    this.chainId = args.chainId
    this.blockNumber = args.blockNumber
    this.expectedParentHash = args.expectedParentHash
    this.parentHash = args.parentHash
  }
}

/** The committed block is not above the stored tip (roll back first, or skip the duplicate). */
export class BlockNotAfterTipError extends StoreError {
  override name = 'BlockNotAfterTipError'
  readonly chainId: number
  readonly blockNumber: number
  readonly tipNumber: number
  constructor(args: { chainId: number; blockNumber: number; tipNumber: number }) {
    super(`Block ${args.blockNumber} on chain ${args.chainId} is not above the stored tip ${args.tipNumber}.`)
    this.chainId = args.chainId
    this.blockNumber = args.blockNumber
    this.tipNumber = args.tipNumber
  }
}

/** A rollback or ancestor search would go below the finalized block, whose history is pruned. */
export class BelowFinalityError extends StoreError {
  override name = 'BelowFinalityError'
  readonly chainId: number
  readonly blockNumber: number
  readonly finalizedNumber: number
  constructor(args: { chainId: number; blockNumber: number; finalizedNumber: number; action: string }) {
    super(
      `Cannot ${args.action} chain ${args.chainId} to block ${args.blockNumber}: block ${args.finalizedNumber} is finalized.`,
      { details: 'A reorg deeper than the finality depth needs a re-index from scratch.' },
    )
    this.chainId = args.chainId
    this.blockNumber = args.blockNumber
    this.finalizedNumber = args.finalizedNumber
  }
}

/**
 * A read pinned below the history the store retains for its chain: superseded versions older than the
 * retention window (`markFinalized`'s `retainSeconds`, measured back from the finalized block) are
 * pruned, so the state at that block cannot be answered.
 */
export class OutsideRetainedHistoryError extends StoreError {
  override name = 'OutsideRetainedHistoryError'
  readonly chainId: number
  readonly blockNumber: number
  /** The lowest block the store answers reads at (the oldest retained finalized block). */
  readonly retainedFromNumber: number
  constructor(args: { chainId: number; blockNumber: number; retainedFromNumber: number }) {
    super(
      `Block ${args.blockNumber} of chain ${args.chainId} is outside the retained history (it starts at block ${args.retainedFromNumber}).`,
      {
        details:
          'Superseded versions older than the retention window are pruned; raise store.retainHistoryDays to keep more.',
      },
    )
    this.chainId = args.chainId
    this.blockNumber = args.blockNumber
    this.retainedFromNumber = args.retainedFromNumber
  }
}

/** The same key appears twice in one block's writes. */
export class DuplicateKeyError extends StoreError {
  override name = 'DuplicateKeyError'
}

/** SQLite reported the database as busy or locked past the busy timeout; retrying may succeed. */
export class StoreBusyError extends StoreError {
  override name = 'StoreBusyError'

  constructor(shortMessage: string, parameters: StoreErrorParameters = {}) {
    super(shortMessage, parameters, true)
  }
}

/** A holder of a chain's writer lock, as the errors name it. */
type LockHolder = { owner: string; pid: number; host: string }

/**
 * Another live writer (an indexer) holds this chain of this database: two writers would interleave
 * their blocks and rollbacks. Stop the other indexer, or point this one at another database.
 */
export class WriterLockedError extends StoreError {
  override name = 'WriterLockedError'
  readonly chainId: number
  readonly holder: LockHolder
  /** How long the holder has been silent, ms, by the database's clock. */
  readonly silentMs: number
  constructor(args: { chainId: number; holder: LockHolder; silentMs: number }) {
    super(
      `Chain ${args.chainId} of this database is already written by another indexer (pid ${args.holder.pid} on ${args.holder.host}).`,
      {
        details: `holder ${args.holder.owner}, last heartbeat ${Math.max(0, Math.round(args.silentMs / 1000))} s ago; stop it first (a crashed holder's lock is taken over).`,
      },
    )
    this.chainId = args.chainId
    this.holder = { owner: args.holder.owner, pid: args.holder.pid, host: args.holder.host }
    this.silentMs = args.silentMs
  }
}

/** This writer's lock on a chain was taken over (it was silent past its timeout): it must stop writing. */
export class WriterLockLostError extends StoreError {
  override name = 'WriterLockLostError'
  readonly chainId: number
  /** Who holds the chain now (null: nobody, the lock was released). */
  readonly holder: LockHolder | null
  constructor(args: { chainId: number; holder: LockHolder | null }) {
    super(`This indexer no longer holds the writer lock of chain ${args.chainId}.`, {
      details: args.holder
        ? `now held by pid ${args.holder.pid} on ${args.holder.host} (${args.holder.owner})`
        : 'the lock was released',
    })
    this.chainId = args.chainId
    this.holder = args.holder && { owner: args.holder.owner, pid: args.holder.pid, host: args.holder.host }
  }
}

/**
 * A read pinned to a block (by hash) found it gone: the chain was rolled back or reset after the pin
 * was taken. Reading again from fresh heads succeeds.
 */
export class PinnedBlockGoneError extends StoreError {
  override name = 'PinnedBlockGoneError'
  readonly chainId: number
  readonly blockNumber: number
  constructor(args: { chainId: number; blockNumber: number; blockHash: string; storedHash: string | null }) {
    super(
      `Block ${args.blockNumber} of chain ${args.chainId} changed after it was pinned (reorg or re-index).`,
      { details: `pinned ${args.blockHash}, stored ${args.storedHash ?? 'none'}` },
      true,
    )
    this.chainId = args.chainId
    this.blockNumber = args.blockNumber
  }
}
