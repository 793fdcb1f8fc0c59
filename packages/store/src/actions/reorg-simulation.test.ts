import fc from 'fast-check'
import { afterEach, describe, expect, test } from 'vitest'
import type { Store } from '../create-store.js'
import type { Dialect } from '../dialect/executor.js'
import {
  addressOf,
  type CommitInput,
  createTempStore,
  hashOf,
  type TempStore,
  testDialects,
} from '../testing/fixtures.js'
import type { Address, BlockHeader, PositionKind } from '../types.js'

/**
 * Seeded simulation: random blocks with random writes on two chains, random reorgs (rollback to the common
 * ancestor found by `findCommonAncestor`, then a new fork) and finality marks. The store that lived through it
 * must equal, row for row, a fresh store that only ever saw the final canonical blocks — and a plain in-memory
 * replay of the canonical writes, at every block above the finalized floor and at the tip.
 */

const chainIds = [31337, 31338] as const
const walletPool = [addressOf('w0'), addressOf('w1'), addressOf('w2')]
const keyPool = [addressOf('k0'), 'MARKET-1']
const kinds: PositionKind[] = ['spot', 'debt']
const feeds = [addressOf('f0'), addressOf('f1')]

type Write = { wallet: number; key: number; kind: number; amount: bigint | null }
type Op =
  | { type: 'block'; chain: number; writes: Write[]; price: { feed: number; value: bigint } | null }
  | { type: 'reorg'; chain: number; depth: number }
  | { type: 'finalize'; chain: number; lag: number }

const write = fc.record({
  wallet: fc.nat(walletPool.length - 1),
  key: fc.nat(keyPool.length - 1),
  kind: fc.nat(kinds.length - 1),
  amount: fc.option(fc.bigInt({ min: -(2n ** 255n), max: 2n ** 255n - 1n }), { nil: null, freq: 4 }),
})
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      type: fc.constant('block' as const),
      chain: fc.nat(1),
      writes: fc.array(write, { maxLength: 4 }),
      price: fc.option(fc.record({ feed: fc.nat(1), value: fc.bigInt({ min: 0n, max: 3n }) }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      type: fc.constant('reorg' as const),
      chain: fc.nat(1),
      depth: fc.integer({ min: 1, max: 5 }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      type: fc.constant('finalize' as const),
      chain: fc.nat(1),
      lag: fc.integer({ min: 0, max: 4 }),
    }),
  },
)

type Canonical = { header: BlockHeader; input: CommitInput }

function toInput(writes: Write[], price: { feed: number; value: bigint } | null): CommitInput {
  const byId = new Map<string, Write>()
  for (const w of writes) byId.set(`${w.wallet}:${w.key}:${w.kind}`, w) // last write of a key in a block wins
  const upserts = []
  const deletes = []
  for (const w of byId.values()) {
    const id = { venue: 'sim', wallet: walletPool[w.wallet]!, kind: kinds[w.kind]!, key: keyPool[w.key]! }
    if (w.amount === null) deletes.push(id)
    else upserts.push({ ...id, amount: w.amount, extra: { seen: String(w.amount % 7n) } })
  }
  const prices = price
    ? [{ feed: feeds[price.feed]!, value: price.value, decimals: 8, updatedAt: 1, roundId: price.value }]
    : []
  return { positions: { upserts, deletes }, prices, cursors: ['sim'] }
}

const temps: TempStore[] = []
afterEach(async () => {
  for (const temp of temps.splice(0)) await temp.dispose()
})

/**
 * Runs `ops` on a store of `dialect` and checks it against a fresh store of the canonical blocks: on
 * SQLite for every dialect, so the content hash is also compared across dialects.
 */
async function run(dialect: Dialect, ops: Op[]) {
  const lived = await createTempStore('lived', dialect)
  const fresh = await createTempStore('fresh', 'sqlite')
  temps.push(lived, fresh)
  try {
    await check(lived, fresh, ops)
  } finally {
    // Each property run drops its databases at once: a hundred runs' worth would outlast afterEach.
    for (const temp of temps.splice(0)) await temp.dispose()
  }
}

async function check(lived: TempStore, fresh: TempStore, ops: Op[]) {
  const store: Store = lived.store
  const chains = chainIds.map(() => ({ blocks: [] as Canonical[], forks: 0, floor: -1 }))

  for (const o of ops) {
    const chain = chains[o.chain]!
    const chainId = chainIds[o.chain]!
    if (o.type === 'block') {
      const parent = chain.blocks.at(-1)?.header
      const number = parent ? parent.number + 1 : 0
      const header: BlockHeader = {
        number,
        // Labels without the chain id: both chains produce the same hashes for the same fork and number.
        hash: hashOf(`f${chain.forks}:${number}`),
        parentHash: parent?.hash ?? hashOf('genesis'),
        timestamp: 1_000 + number,
      }
      const input = toInput(o.writes, o.price)
      await store.commitBlock({ chainId, block: header, ...input })
      chain.blocks.push({ header, input })
    } else if (o.type === 'reorg') {
      const tip = chain.blocks.at(-1)
      if (!tip) continue
      const ancestorNumber = Math.max(tip.header.number - o.depth, chain.floor, 0)
      if (ancestorNumber >= tip.header.number) continue
      chain.forks++
      const keep = chain.blocks.filter((b) => b.header.number <= ancestorNumber)
      // The new canonical chain: same blocks up to the ancestor, other hashes above it.
      const canonicalHash = async (n: number) =>
        n <= ancestorNumber
          ? (keep.find((b) => b.header.number === n)?.header.hash ?? null)
          : hashOf(`new:${n}`)
      const ancestor = await store.findCommonAncestor({
        chainId,
        getCanonicalHash: canonicalHash,
        pageSize: 2,
      })
      expect(ancestor?.number).toBe(ancestorNumber)
      await store.rollbackTo({ chainId, blockNumber: ancestorNumber })
      chain.blocks = keep
    } else {
      const tip = chain.blocks.at(-1)
      if (!tip) continue
      const floor = tip.header.number - o.lag
      if (floor <= chain.floor || floor < 0) continue
      await store.markFinalized({ chainId, blockNumber: floor })
      chain.floor = floor
    }
  }

  for (const [i, chain] of chains.entries()) {
    for (const { header, input } of chain.blocks)
      await fresh.store.commitBlock({ chainId: chainIds[i]!, block: header, ...input })
    if (chain.floor >= 0) await fresh.store.markFinalized({ chainId: chainIds[i]!, blockNumber: chain.floor })
  }
  expect(await store.dumpContent()).toEqual(await fresh.store.dumpContent())
  expect(await store.contentHash()).toBe(await fresh.store.contentHash())

  // Independent model: replay the canonical writes; the state after each block must equal a read `at` it.
  for (const [i, chain] of chains.entries()) {
    const chainId = chainIds[i]!
    const model = new Map<string, bigint>()
    for (const { header, input } of chain.blocks) {
      for (const u of input.positions?.upserts ?? []) model.set(`${u.wallet}|${u.kind}|${u.key}`, u.amount)
      for (const d of input.positions?.deletes ?? []) model.delete(`${d.wallet}|${d.kind}|${d.key}`)
      if (header.number < chain.floor) continue // history below the floor is pruned by design
      const read = await store.getPositions({
        wallets: walletPool as Address[],
        chainIds: [chainId],
        at: [{ chainId, blockNumber: header.number }],
      })
      expect(new Map(read.map((p) => [`${p.wallet}|${p.kind}|${p.key}`, p.amount]))).toEqual(model)
    }
    const latest = await store.getPositions({ wallets: walletPool as Address[], chainIds: [chainId] })
    expect(new Map(latest.map((p) => [`${p.wallet}|${p.kind}|${p.key}`, p.amount]))).toEqual(model)
  }
}

describe.each(testDialects)('reorg simulation on %s', (dialect) => {
  test('a store that lived through random reorgs equals a fresh store of the canonical blocks', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), (ops) => run(dialect, ops)),
      {
        numRuns: 60,
        seed: 5,
      },
    )
  }, 180_000)

  test('random seeds too', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 5, maxLength: 40 }), (ops) => run(dialect, ops)),
      { numRuns: 40 },
    )
  }, 180_000)
})
