import type { UniswapV3PoolState } from '@xmargin/core'
import { afterEach, describe, expect, test } from 'vitest'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'

const chainId = 31337
const pool = addressOf('weth-usdc')

/** A pool state whose price and active liquidity `step` moves (a swap); ticks as a real pool lists them. */
const stateAt = (step: number): UniswapV3PoolState => ({
  sqrtPriceX96: 3_961_408_125_713_216_879_677_197_516_800n + BigInt(step) * 10n ** 20n,
  tick: -196_256 + step,
  liquidity: 10n ** 18n + BigInt(step),
  fee: 500,
  tickSpacing: 10,
  ticks: [
    { index: -200_000, liquidityNet: 10n ** 18n },
    { index: -190_000, liquidityNet: -(10n ** 18n) },
  ],
  coveredTicks: { lower: -199_680, upper: -186_890 },
})

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('Uniswap v3 pool states on %s', (dialect) => {
  test('getPoolStates returns each block’s state as written, as of any block, unchanged states not re-versioned', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const checksummed = `0x${pool.slice(2).toUpperCase()}` as const
    const first = await store.commitBlock({
      chainId,
      block: header('a', 1),
      poolStates: [{ pool: checksummed, state: stateAt(0) }],
    })
    expect(first.poolStatesWritten).toBe(1)
    const same = await store.commitBlock({
      chainId,
      block: header('a', 2),
      poolStates: [{ pool, state: stateAt(0) }],
    })
    expect(same.poolStatesWritten).toBe(0)
    await store.commitBlock({ chainId, block: header('a', 3), poolStates: [{ pool, state: stateAt(1) }] })

    expect(await store.getPoolStates()).toEqual([{ chainId, pool, blockNumber: 3, state: stateAt(1) }])
    const at = (blockNumber: number) => store.getPoolStates({ at: [{ chainId, blockNumber }] })
    expect(await at(2)).toEqual([{ chainId, pool, blockNumber: 1, state: stateAt(0) }])
    expect(await at(3)).toEqual([{ chainId, pool, blockNumber: 3, state: stateAt(1) }])
    expect(await store.getPoolStates({ chainIds: [31338] })).toEqual([])
  })

  test('a rollback restores the state that was current at the ancestor; the content hash equals a run that never saw the fork', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.commitBlock({ chainId, block: header('a', 1), poolStates: [{ pool, state: stateAt(0) }] })
    await store.commitBlock({ chainId, block: header('a', 2), poolStates: [{ pool, state: stateAt(1) }] })
    await store.commitBlock({ chainId, block: header('a', 3), poolStates: [{ pool, state: stateAt(2) }] })
    const rolled = await store.rollbackTo({ chainId, blockNumber: 1 })
    expect(rolled.versionsRemoved).toBe(2)
    expect(rolled.versionsRestored).toBe(1)
    expect(await store.getPoolStates()).toEqual([{ chainId, pool, blockNumber: 1, state: stateAt(0) }])
    await store.commitBlock({
      chainId,
      block: header('b', 2, 'a'),
      poolStates: [{ pool, state: stateAt(5) }],
    })

    const reference = await createTempStore('store', dialect)
    try {
      await reference.store.commitBlock({
        chainId,
        block: header('a', 1),
        poolStates: [{ pool, state: stateAt(0) }],
      })
      await reference.store.commitBlock({
        chainId,
        block: header('b', 2, 'a'),
        poolStates: [{ pool, state: stateAt(5) }],
      })
      const tables = ['poolStates'] as const
      expect(await store.dumpContent({ tables })).toEqual(await reference.store.dumpContent({ tables }))
      expect((await store.dumpContent({ tables })).poolStates).toHaveLength(2)
    } finally {
      await reference.dispose()
    }
  })

  test('markFinalized prunes superseded states below the finalized block; resetChain forgets them', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    for (let n = 1; n <= 4; n++)
      await store.commitBlock({ chainId, block: header('a', n), poolStates: [{ pool, state: stateAt(n) }] })
    const finalized = await store.markFinalized({ chainId, blockNumber: 3 })
    expect(finalized.versionsPruned).toBe(2)
    expect((await store.dumpContent({ tables: ['poolStates'] })).poolStates).toHaveLength(2)
    expect(await store.getPoolStates({ at: [{ chainId, blockNumber: 3 }] })).toEqual([
      { chainId, pool, blockNumber: 3, state: stateAt(3) },
    ])
    const reset = await store.resetChain({ chainId })
    expect(reset.versionsRemoved).toBe(2)
    expect(await store.getPoolStates()).toEqual([])
  })

  test('a pool twice in one block is refused and nothing of the block is written', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await expect(
      store.commitBlock({
        chainId,
        block: header('a', 1),
        poolStates: [
          { pool, state: stateAt(0) },
          { pool, state: stateAt(1) },
        ],
      }),
    ).rejects.toThrow('A pool appears twice in one block.')
    expect(await store.getTip({ chainId })).toBeNull()
  })
})
