import type { UniswapV3PoolState } from '@xmargin/core'
import { and, eq, isNull } from 'drizzle-orm'
import type { StoreTables, StoreTx } from '../dialect/executor.js'
import { DuplicateKeyError, StoreError } from '../errors.js'
import type { Address, PoolStateWrite, StoredPoolState } from '../types.js'
import { lower } from './normalize.js'

type PoolStateRow = StoreTables['poolStates']['$inferSelect']

/** The columns a pool state is stored in (ticks as canonical JSON, liquidityNet as decimal strings). */
export function poolStateColumns(state: UniswapV3PoolState) {
  for (const tick of state.ticks)
    if (!Number.isSafeInteger(tick.index))
      throw new StoreError('Invalid pool state.', { details: `tick index ${tick.index}` })
  return {
    sqrtPriceX96: state.sqrtPriceX96,
    tick: state.tick,
    liquidity: state.liquidity,
    fee: state.fee,
    tickSpacing: state.tickSpacing,
    ticks: JSON.stringify(state.ticks.map((t) => [t.index, t.liquidityNet.toString()])),
    coveredLower: state.coveredTicks.lower,
    coveredUpper: state.coveredTicks.upper,
  }
}

/** A stored row back as the pool state it was written from. */
export function toStoredPoolState(row: PoolStateRow): StoredPoolState {
  const ticks = JSON.parse(row.ticks) as [number, string][]
  return {
    chainId: row.chainId,
    pool: row.pool as Address,
    blockNumber: row.blockNumber,
    state: {
      sqrtPriceX96: row.sqrtPriceX96,
      tick: row.tick,
      liquidity: row.liquidity,
      fee: row.fee,
      tickSpacing: row.tickSpacing,
      ticks: ticks.map(([index, net]) => ({ index, liquidityNet: BigInt(net) })),
      coveredTicks: { lower: row.coveredLower, upper: row.coveredUpper },
    },
  }
}

/**
 * Writes one block's pool states as new versions, as `writePrices` does feed answers: a state equal
 * to the current version (every column) is skipped, so a pool that did not trade keeps one version.
 * Must run inside the block's transaction. Returns the number of versions written.
 */
export async function writePoolStates(
  { q, t: { poolStates } }: StoreTx,
  parameters: { chainId: number; blockNumber: number; states: readonly PoolStateWrite[] },
): Promise<number> {
  const { chainId, blockNumber: n } = parameters
  const seen = new Set<string>()
  let written = 0
  for (const { pool: address, state } of parameters.states) {
    const pool = lower(address)
    if (seen.has(pool))
      throw new DuplicateKeyError('A pool appears twice in one block.', {
        details: `chain ${chainId} ${pool}`,
      })
    seen.add(pool)
    const columns = poolStateColumns(state)
    const where = and(eq(poolStates.chainId, chainId), eq(poolStates.pool, pool), isNull(poolStates.validTo))
    const [current] = await q.select().from(poolStates).where(where)
    if (current && (Object.keys(columns) as (keyof typeof columns)[]).every((k) => current[k] === columns[k]))
      continue
    if (current) await q.update(poolStates).set({ validTo: n }).where(where)
    await q
      .insert(poolStates)
      .values({ chainId, pool, ...columns, blockNumber: n, validFrom: n, validTo: null })
    written++
  }
  return written
}
