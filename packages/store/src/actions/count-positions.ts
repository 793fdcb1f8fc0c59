import { and, count, inArray } from 'drizzle-orm'
import type { SqliteExecutor } from '../dialect/sqlite/open-database.js'
import { positions } from '../dialect/sqlite/schema.js'
import { versionFilter } from '../internal/as-of.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Address } from '../types.js'

export type CountPositionsParameters = {
  /** Wallets to count; duplicates are fine. */
  wallets: readonly Address[]
}
/** Latest positions per wallet (lowercase address); a wallet with none is absent. */
export type CountPositionsReturnType = Map<Address, number>

/**
 * How many current positions each wallet has, on every chain: one indexed query (`positions_wallet`)
 * per 400 wallets, rows counted, never read. What the API's work estimate charges per wallet before a
 * request runs.
 *
 * @example
 * const counts = await store.countPositions({ wallets: ['0xabc…'] })
 * counts.get('0xabc…') // 20
 */
export function countPositions(
  db: SqliteExecutor,
  parameters: CountPositionsParameters,
): CountPositionsReturnType {
  const wanted = [...new Set(parameters.wallets.map(lower))]
  const out: CountPositionsReturnType = new Map()
  for (const part of chunk(wanted))
    for (const row of db
      .select({ wallet: positions.wallet, n: count() })
      .from(positions)
      .where(and(versionFilter(positions, undefined), inArray(positions.wallet, part)))
      .groupBy(positions.wallet)
      .all())
      out.set(row.wallet as Address, row.n)
  return out
}
