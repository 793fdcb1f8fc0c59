import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, inArray, sql } from 'drizzle-orm'
import { afterEach, describe, expect, test } from 'vitest'
import { createTestDatabase } from '../testing/postgres-database.js'
import type { Dialect, StoreExecutor, StoreTx } from './executor.js'
import { createPostgresExecutor } from './postgres/open-database.js'
import { inList, listPlaceholders, listValue, padList } from './prepared.js'
import { createSqliteExecutor } from './sqlite/open-database.js'

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/**
 * An executor on a fresh database of `dialect` (one pooled connection on PostgreSQL), and how to
 * open another executor on the same database.
 */
async function open(dialect: Dialect): Promise<StoreExecutor & { another: () => Promise<StoreExecutor> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xmargin-store-prepared-'))
    const path = join(dir, 'prepared.db')
    const executor = createSqliteExecutor({ path })
    cleanups.push(
      () => rmSync(dir, { recursive: true, force: true }),
      () => executor.close(),
    )
    return {
      ...executor,
      another: async () => {
        const other = createSqliteExecutor({ path })
        cleanups.push(() => other.close())
        return other
      },
    }
  }
  const { url, drop } = await createTestDatabase('prepared')
  cleanups.push(drop)
  const pool = async () => {
    const executor = await createPostgresExecutor({ url, poolSize: 1 })
    cleanups.push(() => executor.close())
    return executor
  }
  return { ...(await pool()), another: pool }
}

const addChain = (executor: StoreExecutor, chainId: number) =>
  executor.write(({ q, t }) =>
    q
      .insert(t.chains)
      .values({ chainId, name: `chain ${chainId}`, finalityDepth: 1, useFinalizedTag: false }),
  )

/** The names of the chains with the given ids, through one prepared read per shape. */
const namesOf = (tx: StoreTx, ids: readonly number[], onBuild: () => void) => {
  const list = listPlaceholders('c', ids)
  return tx
    .prepared(`test-chains:${list.key}`, (q) => {
      onBuild()
      return q
        .select({ name: tx.t.chains.name })
        .from(tx.t.chains)
        .where(inArray(tx.t.chains.chainId, list.refs))
    })
    .execute(list.values)
}

describe('padList() and listPlaceholders()', () => {
  test('pad a list to a power of two by repeating its last item, so lengths share shapes', () => {
    expect(padList([])).toEqual([])
    expect(padList([7])).toEqual([7])
    expect(padList([1, 2, 3])).toEqual([1, 2, 3, 3])
    expect(padList([1, 2, 3, 4, 5])).toHaveLength(8)
    const list = listPlaceholders('w', ['a', 'b', 'c'])
    expect(list.key).toBe('4')
    expect(list.values).toEqual({ w0: 'a', w1: 'b', w2: 'c', w3: 'c' })
    expect(list.refs.map((ref) => ref.name)).toEqual(['w0', 'w1', 'w2', 'w3'])
  })
})

describe.each(['sqlite', 'postgresql'] as const)('prepared reads on %s', (dialect) => {
  test('a read is built once per shape and runs with new values in later transactions', async () => {
    const executor = await open(dialect)
    for (const chainId of [1, 10, 137, 8453]) await addChain(executor, chainId)
    let builds = 0
    const onBuild = () => builds++
    const read = (ids: number[]) =>
      executor.read(async (tx) => (await namesOf(tx, ids, onBuild)).map((row) => row.name).sort())
    expect(await read([1, 10, 137])).toEqual(['chain 1', 'chain 10', 'chain 137'])
    expect(await read([8453, 10, 1])).toEqual(['chain 1', 'chain 10', 'chain 8453'])
    expect(await read([137, 137, 137, 137])).toEqual(['chain 137'])
    expect(builds).toBe(1)
    expect(await read([8453])).toEqual(['chain 8453'])
    expect(builds).toBe(2)
  })

  test('inList() takes a list of any length as one parameter: one statement for 1 and for 700 values', async () => {
    const executor = await open(dialect)
    for (const chainId of [1, 10, 137]) await addChain(executor, chainId)
    let builds = 0
    const read = (ids: number[]) =>
      executor.read(async (tx) => {
        const rows = await tx
          .prepared('test-in-list', (q) => {
            builds++
            return q
              .select({ chainId: tx.t.chains.chainId })
              .from(tx.t.chains)
              .where(inList(tx.dialect, tx.t.chains.chainId, 'ids'))
          })
          .execute({ ids: listValue(tx.dialect, ids) })
        return rows.map((row) => row.chainId).sort((x, y) => x - y)
      })
    expect(await read([10])).toEqual([10])
    const many = Array.from({ length: 700 }, (_, i) => 1000 + i)
    expect(await read([...many, 137, 1])).toEqual([1, 137])
    expect(await read([])).toEqual([])
    expect(builds).toBe(1)
  })

  test("a prepared read inside a read transaction sees that transaction's snapshot", async () => {
    const executor = await open(dialect)
    await addChain(executor, 1)
    const other = await executor.another()
    const count = async (tx: StoreTx) =>
      await tx
        .prepared('test-count', (q) =>
          q
            .select({ n: sql<number>`count(*)`.mapWith(Number) })
            .from(tx.t.chains)
            .where(eq(tx.t.chains.finalityDepth, sql.placeholder('depth'))),
        )
        .execute({ depth: 1 })
    const seen = await executor.read(async (tx) => {
      const before = await count(tx)
      // Another connection commits a second chain meanwhile (SQLite's WAL lets it write beside a reader).
      await addChain(other, 2)
      return [before, await count(tx)]
    })
    expect(seen).toEqual([[{ n: 1 }], [{ n: 1 }]])
    expect(await executor.read(count)).toEqual([{ n: 2 }])
  })
})
