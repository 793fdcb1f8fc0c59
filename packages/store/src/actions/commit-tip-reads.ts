import { and, eq, gte, inArray } from 'drizzle-orm'
import type { StoreExecutor } from '../dialect/executor.js'
import { StoreError } from '../errors.js'
import { assertHash, chunk, lower } from '../internal/normalize.js'
import { writePositions } from '../internal/write-versions.js'
import { assertWriter, type WriterFence } from '../internal/writer-fence.js'
import type { Address, Hash, PositionId, PositionWrite } from '../types.js'
import { readTip } from './get-tip.js'

export type CommitTipReadsParameters = WriterFence & {
  chainId: number
  /** The tip the wallets were read at: nothing is written when the chain's tip is another block by now. */
  blockHash: Hash
  /** The wallets read in full at that block (newly tracked ones). */
  wallets: readonly Address[]
  /** Their positions at that block: `upserts` set a value, `deletes` close a stored position that is gone. */
  positions: { upserts?: readonly PositionWrite[]; deletes?: readonly Omit<PositionId, 'chainId'>[] }
}
export type CommitTipReadsReturnType = {
  /** False when the tip moved (a new block or a rollback) since the read: read again at the new tip. */
  committed: boolean
  /** The tip's number when committed. */
  blockNumber: number | null
  /** Wallets already written at this tip (the block itself read them): left as they are. */
  skipped: Address[]
  positionsWritten: number
}

/**
 * Adds the positions of wallets read at the current tip after that block was committed (a wallet
 * tracked between two blocks, read at once instead of at the next block), in ONE immediate
 * transaction. The versions start at the tip, so a rollback below it removes them like the block's
 * own rows. Written only while `blockHash` is still the tip; positions of a wallet that already has
 * a version from this block are left alone (`skipped`).
 *
 * @example
 * const { committed } = commitTipReads(db, {
 *   chainId: 1,
 *   blockHash: tip.hash,
 *   wallets: ['0xdead…'],
 *   positions: { upserts: [{ venue: 'wallet', wallet: '0xdead…', kind: 'spot', key: '0x0…0', amount: 10n ** 18n }] },
 * })
 */
export function commitTipReads(
  db: StoreExecutor,
  parameters: CommitTipReadsParameters,
): Promise<CommitTipReadsReturnType> {
  const { chainId } = parameters
  assertHash(parameters.blockHash, 'blockHash')
  return db.write(async (tx) => {
    const {
      q,
      t: { positions },
    } = tx
    await assertWriter(tx, chainId, parameters.writer)
    const tip = await readTip(tx, chainId)
    if (!tip || tip.hash !== lower(parameters.blockHash))
      return { committed: false, blockNumber: null, skipped: [], positionsWritten: 0 }
    const n = tip.number
    const wallets = [...new Set(parameters.wallets.map(lower))]
    const skipped = new Set<string>()
    for (const part of chunk(wallets))
      for (const row of await q
        .selectDistinct({ wallet: positions.wallet })
        .from(positions)
        .where(
          and(eq(positions.chainId, chainId), gte(positions.validFrom, n), inArray(positions.wallet, part)),
        ))
        skipped.add(row.wallet)
    const keep = (write: { wallet: Address }) => {
      const wallet = lower(write.wallet)
      if (!wallets.includes(wallet))
        throw new StoreError('A position belongs to none of the wallets read at the tip.', {
          details: `chain ${chainId} wallet ${wallet}`,
        })
      return !skipped.has(wallet)
    }
    const written = await writePositions(tx, {
      chainId,
      blockNumber: n,
      upserts: (parameters.positions.upserts ?? []).filter(keep),
      deletes: (parameters.positions.deletes ?? []).filter(keep),
    })
    return {
      committed: true,
      blockNumber: n,
      skipped: [...skipped] as Address[],
      positionsWritten: written.written,
    }
  })
}
