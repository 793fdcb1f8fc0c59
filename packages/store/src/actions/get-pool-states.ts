import { and, asc, inArray } from 'drizzle-orm'
import type { StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import { assertPinsReadable, type BlockPins, versionFilter } from '../internal/as-of.js'
import { toStoredPoolState } from '../internal/write-pool-states.js'
import type { StoredPoolState } from '../types.js'

export type GetPoolStatesParameters = {
  /** Restrict to these chains. */
  chainIds?: readonly number[] | undefined
  /** Read these chains as of a block (see `getPositions`); chains not listed read latest. */
  at?: BlockPins | undefined
}
export type GetPoolStatesReturnType = StoredPoolState[]

/**
 * The current state of every stored Uniswap v3 pool (or the one valid at `at`), ordered by chain then
 * pool address: what a cascade sells seized collateral into, read at the request's cut. Pools never
 * written (or not yet at the pinned block) are absent.
 *
 * @example
 * const [pool] = await store.getPoolStates({ at: [{ chainId: 1, blockNumber: 120 }], chainIds: [1] })
 * pool?.state.sqrtPriceX96
 */
export async function getPoolStates(
  tx: StoreTx,
  parameters: GetPoolStatesParameters = {},
): Promise<GetPoolStatesReturnType> {
  const { poolStates } = tx.t
  await assertPinsReadable(tx, parameters.at)
  const version = versionFilter(parameters.at)
  const chainIds = parameters.chainIds && listPlaceholders('c', parameters.chainIds)
  const rows = await tx
    .prepared(`pool-states:${version.key}:${chainIds?.key ?? 'all'}`, (q) =>
      q
        .select()
        .from(poolStates)
        .where(
          and(version.filter(poolStates), chainIds ? inArray(poolStates.chainId, chainIds.refs) : undefined),
        )
        .orderBy(asc(poolStates.chainId), asc(poolStates.pool)),
    )
    .execute({ ...version.values, ...chainIds?.values })
  return rows.map(toStoredPoolState)
}
