import { and, count } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { inList, listValue } from '../dialect/prepared.js'
import { versionFilter } from '../internal/as-of.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Address } from '../types.js'

export type CountPositionsParameters = {
  /** Wallets to count; duplicates are fine. */
  wallets: readonly Address[]
}
/** Current positions per wallet (lowercase address), one row per wallet that has any. */
export type CountPositionsReturnType = { wallet: Address; count: number }[]

/**
 * How many current positions each wallet has, on every chain: one indexed query (`positions_wallet`)
 * per 400 wallets, rows counted, never read. What the API's work estimate charges per wallet before a
 * request runs. A request read like `getPositions`: kept (frozen) until the database changes.
 *
 * @example
 * const counts = await store.countPositions({ wallets: ['0xabc…', '0xdef…'] })
 * counts // [{ wallet: '0xabc…', count: 20 }]
 */
export async function countPositions(
  { dialect, prepared, t: { positions } }: StoreTx,
  parameters: CountPositionsParameters,
): Promise<CountPositionsReturnType> {
  const wanted = [...new Set(parameters.wallets.map(lower))]
  const out: CountPositionsReturnType = []
  for (const part of chunk(wanted)) {
    const rows = await prepared('count-positions', (q) =>
      q
        .select({ wallet: positions.wallet, n: count() })
        .from(positions)
        .where(and(versionFilter(undefined).filter(positions), inList(dialect, positions.wallet, 'wallets')))
        .groupBy(positions.wallet),
    ).execute({ wallets: listValue(dialect, part) })
    for (const row of rows) out.push({ wallet: row.wallet as Address, count: row.n })
  }
  return out
}
