import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm'
import { affected, type StoreExecutor } from '../dialect/executor.js'
import { UnknownChainError, WriterLockedError, WriterLockLostError } from '../errors.js'

/** Who holds (or asks for) the writer lock of a chain. */
export type WriterLockHolder = {
  /** Random id of one writer instance (two indexers in one process differ). */
  owner: string
  pid: number
  host: string
}

export type AcquireWriterLockParameters = WriterLockHolder & {
  /** The writer's process (`processInstance()`); recorded beside its pid and host. */
  instance?: string | undefined
  /**
   * The writer's pid namespace (`readPidNamespace()`). A holder's pid is checked for a dead process
   * only by a writer in the same namespace (and host): a container sharing the host name but not the
   * pids would see a live holder's pid as gone. Absent or null on either side: never checked.
   */
  pidNamespace?: string | null | undefined
  chainIds: readonly number[]
  /** After this many ms without a renewal the lock counts as abandoned (a hung or partitioned holder). */
  timeoutMs: number
}
export type AcquireWriterLockReturnType = {
  /** Chains whose previous holder was gone (crashed process on this host, or no heartbeat for its timeout). */
  takenOver: { chainId: number; previous: WriterLockHolder }[]
}

/**
 * Takes the writer lock of every chain in `chainIds` for `owner`, all or none, in ONE transaction.
 * A chain held by another owner throws `WriterLockedError`, unless its holder is gone: a process of
 * this host and pid namespace that no longer exists (a `kill -9`), or a heartbeat older than the
 * holder's timeout.
 * Re-acquiring one's own lock renews it. Heartbeats are stamped and their age judged by the database's
 * clock (`databaseNowMs`: PostgreSQL's server clock), never the caller's, so a writer whose clock runs
 * ahead does not take over a live holder.
 *
 * @example
 * await store.acquireWriterLock({ chainIds: [1], owner: randomUUID(), pid: process.pid, host: hostname(), timeoutMs: 30_000 })
 */
export function acquireWriterLock(
  db: StoreExecutor,
  parameters: AcquireWriterLockParameters,
): Promise<AcquireWriterLockReturnType> {
  const { chainIds, owner, pid, host, timeoutMs } = parameters
  const instance = parameters.instance ?? null
  const pidNamespace = parameters.pidNamespace ?? null
  return db.write(async ({ q, t: { chains, writerLocks } }) => {
    const takenOver: AcquireWriterLockReturnType['takenOver'] = []
    for (const chainId of new Set(chainIds)) {
      const [known] = await q.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId))
      if (!known) throw new UnknownChainError({ chainId })
      const [held] = await q
        .select({
          ...getTableColumns(writerLocks),
          silentMs: sql`${db.databaseNowMs()} - ${writerLocks.heartbeatAt}`.mapWith(Number),
        })
        .from(writerLocks)
        .where(eq(writerLocks.chainId, chainId))
      if (held && held.owner !== owner) {
        const { silentMs } = held
        // Its pid means something here only in the same pid namespace (not in another container).
        const pidVisible = held.host === host && pidNamespace !== null && held.pidNamespace === pidNamespace
        const gone = silentMs > held.timeoutMs || (pidVisible && !processExists(held.pid))
        if (!gone) throw new WriterLockedError({ chainId, holder: held, silentMs })
        takenOver.push({ chainId, previous: { owner: held.owner, pid: held.pid, host: held.host } })
      }
      const at = db.databaseNowMs()
      await q
        .insert(writerLocks)
        .values({
          chainId,
          owner,
          pid,
          host,
          instance,
          pidNamespace,
          acquiredAt: at,
          heartbeatAt: at,
          timeoutMs,
        })
        .onConflictDoUpdate({
          target: writerLocks.chainId,
          set: { owner, pid, host, instance, pidNamespace, acquiredAt: at, heartbeatAt: at, timeoutMs },
        })
    }
    return { takenOver }
  })
}

export type RenewWriterLockParameters = { owner: string; chainIds: readonly number[] }
export type RenewWriterLockReturnType = { renewed: number }

/**
 * Renews the heartbeat of `owner`'s locks, stamped with the database's clock. Throws
 * `WriterLockLostError` when another writer took a chain over (this writer was silent past its
 * timeout): it must stop writing.
 *
 * @example
 * await store.renewWriterLock({ owner, chainIds: [1] })
 */
export function renewWriterLock(
  db: StoreExecutor,
  parameters: RenewWriterLockParameters,
): Promise<RenewWriterLockReturnType> {
  const { owner, chainIds } = parameters
  return db.write(async ({ q, t: { writerLocks } }) => {
    const held = await q
      .select()
      .from(writerLocks)
      .where(inArray(writerLocks.chainId, [...chainIds]))
    for (const chainId of new Set(chainIds)) {
      const row = held.find((h) => h.chainId === chainId)
      if (!row || row.owner !== owner) throw new WriterLockLostError({ chainId, holder: row ?? null })
    }
    const renewed = await affected(
      q
        .update(writerLocks)
        .set({ heartbeatAt: db.databaseNowMs() })
        .where(and(eq(writerLocks.owner, owner), inArray(writerLocks.chainId, [...chainIds]))),
    )
    return { renewed }
  })
}

export type ReleaseWriterLockParameters = { owner: string }
export type ReleaseWriterLockReturnType = { released: number }

/**
 * Releases every lock `owner` holds (a clean stop); locks taken over by others are left alone.
 *
 * @example
 * await store.releaseWriterLock({ owner })
 */
export function releaseWriterLock(
  db: StoreExecutor,
  parameters: ReleaseWriterLockParameters,
): Promise<ReleaseWriterLockReturnType> {
  return db.write(async ({ q, t: { writerLocks } }) => ({
    released: await affected(q.delete(writerLocks).where(eq(writerLocks.owner, parameters.owner))),
  }))
}

/** Whether a process of this host exists (`kill(pid, 0)`: ESRCH means gone; EPERM means it exists). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
