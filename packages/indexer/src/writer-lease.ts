import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import { type Store, WriterLockLostError } from '@xmargin/store'
import type { Logger } from 'pino'

/** Parameters of {@link createWriterLease}. */
export type CreateWriterLeaseParameters = {
  store: Store
  chainIds: readonly number[]
  logger: Logger
  /** Without a heartbeat for this long the lock counts as abandoned (default 30 s; renewed every third of it). */
  timeoutMs?: number | undefined
  /** Another writer took the lock over (this one was silent past its timeout): stop writing. */
  onLost: (error: WriterLockLostError) => void
}
/** Return type of {@link createWriterLease}. */
export type WriterLease = {
  /** Takes the lock of every chain once (later calls return the same promise); rejects with `WriterLockedError`. */
  acquire: () => Promise<void>
  /** Throws the `WriterLockLostError` once the lock was taken over. */
  assertHeld: () => void
  /** Stops the heartbeat and releases the lock (a no-op when never acquired); a later `acquire` takes it again. */
  release: () => Promise<void>
  /**
   * The store with every chain write (commit, rollback, finality, reset, clock) fenced by this lease: checked
   * against the lock in the write's own transaction, so a writer that was taken over cannot write.
   */
  fence: (store: Store) => Store
}

/**
 * One indexer's claim to write its chains of a database (`store.acquireWriterLock`): a random owner
 * id with this process's pid and host, a heartbeat every third of the timeout, released on stop.
 * A second indexer on the same file and chain is refused with `WriterLockedError`; a crashed one's
 * lock (its pid gone from this host, or its heartbeat too old) is taken over, so a restart after
 * `kill -9` proceeds at once.
 *
 * @example
 * const lease = createWriterLease({ store, chainIds: [1], logger, onLost: () => void indexer.stop() })
 * await lease.acquire()
 */
export function createWriterLease(parameters: CreateWriterLeaseParameters): WriterLease {
  const { store, chainIds, logger, timeoutMs = 30_000, onLost } = parameters
  const owner = randomUUID()
  let acquired: Promise<void> | undefined
  let heartbeat: NodeJS.Timeout | undefined
  let lost: WriterLockLostError | undefined

  const renew = async () => {
    try {
      await store.renewWriterLock({ owner, chainIds })
    } catch (error) {
      if (!(error instanceof WriterLockLostError)) {
        logger.warn({ err: error }, 'writer lock heartbeat failed; retrying')
        return
      }
      lost = error
      clearInterval(heartbeat)
      logger.error(
        { chain_id: error.chainId, err: error },
        'writer lock taken over by another indexer; stopping',
      )
      onLost(error)
    }
  }

  return {
    acquire() {
      acquired ??= store
        .acquireWriterLock({ chainIds, owner, pid: process.pid, host: hostname(), timeoutMs })
        .then(({ takenOver }) => {
          for (const { chainId, previous } of takenOver)
            logger.warn(
              { chain_id: chainId, previous_pid: previous.pid, previous_host: previous.host },
              'took over the writer lock of a stopped indexer',
            )
          heartbeat = setInterval(() => void renew(), Math.max(1, Math.floor(timeoutMs / 3)))
          heartbeat.unref()
        })
      return acquired
    },
    assertHeld() {
      if (lost) throw lost
    },
    fence: (inner) => ({
      ...inner,
      commitBlock: (p) => inner.commitBlock({ ...p, writer: owner }),
      rollbackTo: (p) => inner.rollbackTo({ ...p, writer: owner }),
      markFinalized: (p) => inner.markFinalized({ ...p, writer: owner }),
      resetChain: (p) => inner.resetChain({ ...p, writer: owner }),
      commitTipReads: (p) => inner.commitTipReads({ ...p, writer: owner }),
      advanceChainClock: (p) => inner.advanceChainClock({ ...p, writer: owner }),
    }),
    async release() {
      clearInterval(heartbeat)
      const taken = acquired
      // A stopped indexer that steps again takes the lock again.
      acquired = undefined
      if (!taken || lost) return
      const held = await taken.then(
        () => true,
        () => false,
      )
      if (held) await store.releaseWriterLock({ owner })
    },
  }
}
