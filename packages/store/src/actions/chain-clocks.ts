import { eq, inArray } from 'drizzle-orm'
import type { StoreExecutor, StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import { UnknownChainError } from '../errors.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'

export type AdvanceChainClockParameters = WriterFence & {
  chainId: number
  /**
   * Unix seconds such that every block of the chain with a lower timestamp is stored: the chain's
   * pending-block timestamp read *before* the head whose blocks were then all stored.
   */
  clock: number
}
export type AdvanceChainClockReturnType = {
  /** The stored clock after the call (a clock never moves back while no block is removed). */
  clock: number
  /** Whether the stored clock moved. */
  advanced: boolean
}

/**
 * Records how far a chain is known to be complete in time (`chain_clocks`): every block with a
 * timestamp below `clock` is stored. Only moves forward; rollbacks and resets clear it. One
 * transaction, fenced by the chain's writer lock like every chain write.
 *
 * @example
 * const pending = await client.getBlock({ blockTag: 'pending' })   // first
 * const head = await client.getBlock({ blockTag: 'latest' })       // then: store every block up to it
 * await store.advanceChainClock({ chainId: 1, clock: Number(pending.timestamp) })
 */
export function advanceChainClock(
  db: StoreExecutor,
  parameters: AdvanceChainClockParameters,
): Promise<AdvanceChainClockReturnType> {
  const { chainId, clock } = parameters
  if (!Number.isSafeInteger(clock) || clock < 0)
    return Promise.reject(new RangeError(`clock must be unix seconds, got ${clock}`))
  return db.write(async (tx) => {
    const {
      q,
      t: { chains },
    } = tx
    await assertWriter(tx, chainId, parameters.writer)
    const [known] = await q.select({ id: chains.chainId }).from(chains).where(eq(chains.chainId, chainId))
    if (!known) throw new UnknownChainError({ chainId })
    return advanceClockInTransaction(tx, chainId, clock)
  })
}

/**
 * The body of {@link advanceChainClock} for a caller that holds the chain's write transaction and
 * has checked the writer and the chain (`commitBlock` with a `clock`).
 */
export async function advanceClockInTransaction(
  tx: StoreTx,
  chainId: number,
  clock: number,
): Promise<AdvanceChainClockReturnType> {
  const {
    q,
    t: { chainClocks },
  } = tx
  const before = await readClock(tx, chainId)
  if (before !== null && before >= clock) return { clock: before, advanced: false }
  await q
    .insert(chainClocks)
    .values({ chainId, clock })
    .onConflictDoUpdate({ target: chainClocks.chainId, set: { clock } })
  // The readers' cut may move with it: watchers in other processes hear of it when this commits.
  tx.chainMoved?.(chainId)
  return { clock, advanced: true }
}

/** A chain's stored clock, null when none is known (never set, or cleared by a rollback). */
export async function readClock({ q, t: { chainClocks } }: StoreTx, chainId: number): Promise<number | null> {
  const [row] = await q.select().from(chainClocks).where(eq(chainClocks.chainId, chainId))
  return row?.clock ?? null
}

/** The stored clocks of chains (see {@link readClock}) in one statement; chains without one are absent. */
export async function readClocks(
  { prepared, t: { chainClocks } }: StoreTx,
  chainIds: readonly number[],
): Promise<Map<number, number>> {
  if (chainIds.length === 0) return new Map()
  const ids = listPlaceholders('c', chainIds)
  const rows = await prepared(`clocks:${ids.key}`, (q) =>
    q.select().from(chainClocks).where(inArray(chainClocks.chainId, ids.refs)),
  ).execute(ids.values)
  return new Map(rows.map((row) => [row.chainId, row.clock]))
}

/** Forgets a chain's clock: blocks were removed, so "every block below it is stored" no longer holds. */
export async function clearClock({ q, t: { chainClocks } }: StoreTx, chainId: number): Promise<void> {
  await q.delete(chainClocks).where(eq(chainClocks.chainId, chainId))
}
