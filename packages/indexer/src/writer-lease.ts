import { randomUUID } from 'node:crypto'
import { hostname } from 'node:os'
import {
  processInstance,
  readPidNamespace,
  type Store,
  StoreBusyError,
  WriterLockedError,
  WriterLockLostError,
} from '@xmargin/store'
import type { Logger } from 'pino'
import { StandbyStoppedError } from './errors.js'

/** Parameters of {@link createWriterLease}. */
export type CreateWriterLeaseParameters = {
  store: Store
  chainIds: readonly number[]
  logger: Logger
  /** Without a heartbeat for this long the lock counts as abandoned (default 30 s; renewed every third of it). */
  timeoutMs?: number | undefined
  /** Another writer took the lock over (this one was silent past its timeout): stop writing. */
  onLost: (error: WriterLockLostError) => void
  /**
   * Hot standby: while another live indexer holds a chain, `acquire` waits (logging `standby` once)
   * and tries again every `standbyPollMs`, instead of rejecting with `WriterLockedError`. It takes
   * the lock once the holder releases it, dies on this host, or stays silent past its timeout.
   */
  standby?: boolean | undefined
  /** How often a standby tries to take the lock, ms (default 1000). */
  standbyPollMs?: number | undefined
}
/** Return type of {@link createWriterLease}. */
export type WriterLease = {
  /**
   * Takes the lock of every chain once (later calls return the same promise); rejects with
   * `WriterLockedError`, or as a standby waits for it (rejecting with `StandbyStoppedError` when
   * `release` ends the wait).
   */
  acquire: () => Promise<void>
  /** Throws the `WriterLockLostError` once the lock was taken over. */
  assertHeld: () => void
  /**
   * Stops the heartbeat and releases the lock (a no-op when never acquired; a standby's wait ends);
   * a later `acquire` takes it again.
   */
  release: () => Promise<void>
  /**
   * The store with every chain write (commit, rollback, finality, reset, clock) fenced by this lease: checked
   * against the lock in the write's own transaction, so a writer that was taken over cannot write.
   */
  fence: (store: Store) => Store
}

/**
 * One indexer's claim to write its chains of a database (`store.acquireWriterLock`): a random owner
 * id with this process's pid, host, instance id and pid namespace, a heartbeat every third of the timeout, released on stop.
 * A second indexer on the same file and chain is refused with `WriterLockedError`, or with `standby`
 * waits for the lock; a crashed one's lock (its pid gone from this host's pid namespace, or its heartbeat too old) is
 * taken over, so a restart after `kill -9` proceeds at once, and a standby takes over at its next try.
 *
 * @example
 * const lease = createWriterLease({ store, chainIds: [1], logger, onLost: () => void indexer.stop() })
 * await lease.acquire()
 */
export function createWriterLease(parameters: CreateWriterLeaseParameters): WriterLease {
  const { store, chainIds, logger, timeoutMs = 30_000, onLost, standby = false } = parameters
  const standbyPollMs = parameters.standbyPollMs ?? 1000
  const owner = randomUUID()
  // Where this process's pid is meaningful: a standby in the same namespace takes over at once when it is gone.
  const pidNamespace = readPidNamespace()
  let acquired: Promise<void> | undefined
  let heartbeat: NodeJS.Timeout | undefined
  let lost: WriterLockLostError | undefined
  /** Ends the standby wait of the acquisition in progress. */
  let endWait: (() => void) | undefined

  const take = async () => {
    let waitingSince: number | undefined
    for (;;) {
      try {
        const { takenOver } = await store.acquireWriterLock({
          chainIds,
          owner,
          pid: process.pid,
          host: hostname(),
          instance: processInstance(),
          pidNamespace,
          timeoutMs,
        })
        if (waitingSince !== undefined)
          logger.info(
            { chain_ids: [...chainIds], waited_ms: Date.now() - waitingSince },
            'standby over: this indexer writes its chains now',
          )
        return takenOver
      } catch (error) {
        // A standby also outlasts a database that is busy for a moment.
        if (!standby || !(error instanceof WriterLockedError || error instanceof StoreBusyError)) throw error
        if (error instanceof WriterLockedError && waitingSince === undefined) {
          waitingSince = Date.now()
          logger.info(
            {
              chain_id: error.chainId,
              holder_pid: error.holder.pid,
              holder_host: error.holder.host,
              chain_ids: [...chainIds],
              poll_ms: standbyPollMs,
            },
            'standby: another indexer writes this chain; waiting to take over',
          )
        }
      }
      const ended = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(false), standbyPollMs)
        endWait = () => {
          clearTimeout(timer)
          resolve(true)
        }
      })
      endWait = undefined
      if (ended) throw new StandbyStoppedError({ chainIds })
    }
  }

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
      acquired ??= take().then((takenOver) => {
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
      endWait?.()
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
