import { decodePositionRecord } from '@xmargin/core'
import { and, asc, inArray } from 'drizzle-orm'
import type { StoreTables, StoreTx } from '../dialect/executor.js'
import { inList, listPlaceholders, listValue } from '../dialect/prepared.js'
import { assertPinsReadable, type BlockPins, versionFilter } from '../internal/as-of.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Address, PositionKind, StoredPosition } from '../types.js'

export type GetPositionsParameters = {
  /** Wallets to read (a DataLoader batch); duplicates are fine. */
  wallets: readonly Address[]
  /** Restrict to these chains; all chains when omitted. */
  chainIds?: readonly number[] | undefined
  kinds?: readonly PositionKind[] | undefined
  /**
   * Read these chains as of a block (e.g. the tips from one `getChainHeads` call, so that every read of a
   * request is one consistent cut even if blocks are committed meanwhile). Chains not listed read latest.
   * A block below the chain's retained history throws `OutsideRetainedHistoryError`.
   */
  at?: BlockPins | undefined
}
export type GetPositionsReturnType = StoredPosition[]

/**
 * Current positions (latest version, or the version valid at `at`) of a set of wallets, ordered by wallet,
 * chain, venue, kind, key, each with the engine's position the indexer stored beside it. Addresses in
 * the result are lowercase.
 *
 * @example
 * const rows = await store.getPositions({ wallets: ['0xabc…', '0xdef…'] })
 * const byWallet = Map.groupBy(rows, (p) => p.wallet)
 */
export async function getPositions(
  tx: StoreTx,
  parameters: GetPositionsParameters,
): Promise<GetPositionsReturnType> {
  const { positions } = tx.t
  await assertPinsReadable(tx, parameters.at)
  const wanted = [...new Set(parameters.wallets.map(lower))]
  const version = versionFilter(parameters.at)
  const chainIds = parameters.chainIds && listPlaceholders('c', parameters.chainIds)
  const kinds = parameters.kinds && listPlaceholders('k', parameters.kinds)
  const rows: StoreTables['positions']['$inferSelect'][] = []
  // One statement per 400 wallets, the wallets one list parameter: one prepared shape for any count.
  const key = `positions:${version.key}:${chainIds?.key ?? 'all'}:${kinds?.key ?? 'all'}`
  for (const part of chunk(wanted)) {
    const read = tx.prepared(key, (q) =>
      q
        .select()
        .from(positions)
        .where(
          and(
            version.filter(positions),
            inList(tx.dialect, positions.wallet, 'wallets'),
            chainIds ? inArray(positions.chainId, chainIds.refs) : undefined,
            kinds ? inArray(positions.kind, kinds.refs) : undefined,
          ),
        )
        .orderBy(
          asc(positions.wallet),
          asc(positions.chainId),
          asc(positions.venue),
          asc(positions.kind),
          asc(positions.key),
        ),
    )
    rows.push(
      ...(await read.execute({
        ...version.values,
        wallets: listValue(tx.dialect, part),
        ...chainIds?.values,
        ...kinds?.values,
      })),
    )
  }
  rows.sort((a, b) => (a.wallet < b.wallet ? -1 : a.wallet > b.wallet ? 1 : 0))
  return rows.map((row) => {
    const id = {
      chainId: row.chainId,
      venue: row.venue,
      wallet: row.wallet as Address,
      kind: row.kind,
      key: row.key,
    }
    return {
      ...id,
      amount: row.amount,
      extra: row.extra,
      blockNumber: row.blockNumber,
      engine:
        row.engine === null
          ? null
          : decodePositionRecord(row.engine, { ...id, blockNumber: BigInt(row.blockNumber) }),
    }
  })
}
