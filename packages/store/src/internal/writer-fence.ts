import { eq } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { WriterLockLostError } from '../errors.js'

/** Names the writer a write comes from: checked against the chain's writer lock inside the write's transaction. */
export type WriterFence = {
  /**
   * Owner id of the writer lock (`acquireWriterLock`) this write is made under; the write throws
   * `WriterLockLostError` and changes nothing when another writer holds the chain now. Omitted: unchecked.
   */
  writer?: string | undefined
}

/** Throws `WriterLockLostError` when `writer` is given and does not hold the chain's lock. */
export async function assertWriter(
  { q, t: { writerLocks } }: StoreTx,
  chainId: number,
  writer: string | undefined,
): Promise<void> {
  if (writer === undefined) return
  const [row] = await q.select().from(writerLocks).where(eq(writerLocks.chainId, chainId))
  if (!row || row.owner !== writer) throw new WriterLockLostError({ chainId, holder: row ?? null })
}
