import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createStore, type Store } from '@xmargin/store'
import { pino } from 'pino'
import { type Hex, keccak256, toHex } from 'viem'
import { createBlockEventEmitter } from '../../src/block-events.js'
import type { ApiChain } from '../../src/chain.js'
import { type CreateApiServerParameters, createApiServer } from '../../src/create-api-server.js'
import { simpleEngine } from './simple-engine.js'

export const tokens = {
  weth1: '0x00000000000000000000000000000000000000e1',
  usdc1: '0x00000000000000000000000000000000000000c1',
  weth42161: '0x00000000000000000000000000000000000000e2',
  usdc42161: '0x00000000000000000000000000000000000000c2',
} as const
export const feeds = {
  eth1: '0x00000000000000000000000000000000000000f1',
  usdc1: '0x00000000000000000000000000000000000000f2',
  eth42161: '0x00000000000000000000000000000000000000f3',
  usdc42161: '0x00000000000000000000000000000000000000f4',
} as const
/** Checksummed test wallets. */
export const wallets = {
  hedge: '0x1111111111111111111111111111111111111111',
  risky: '0x2222222222222222222222222222222222222222',
  empty: '0x3333333333333333333333333333333333333333',
} as const

/** Unix seconds the fixture's blocks and feeds are stamped at. */
export const T0 = 1_800_000_000
const E18 = 10n ** 18n
const hash = (chainId: number, n: number): Hex => keccak256(toHex(`${chainId}:${n}`))

const fixtureAssets = {
  1: new Map([
    [tokens.weth1, { symbol: 'WETH', decimals: 18 }],
    [tokens.usdc1, { symbol: 'USDC', decimals: 6 }],
  ]),
  42161: new Map([
    [tokens.weth42161, { symbol: 'WETH', decimals: 18 }],
    [tokens.usdc42161, { symbol: 'USDC', decimals: 6 }],
  ]),
} as const

/** Builds the two fixture chains for the API. */
export function fixtureChains(): ApiChain[] {
  return [
    { chainId: 1, name: 'ethereum', assets: fixtureAssets[1], priceAliases: { ETH: 'WETH' } },
    { chainId: 42161, name: 'arbitrum', assets: fixtureAssets[42161], priceAliases: { ETH: 'WETH' } },
  ]
}

/**
 * Records every registered chain's clock at `clock` (unix s), as their indexers do after a step (see
 * the store's `advanceChainClock`): every block stamped below it is stored. The fixture is the
 * chains' only writer, so this holds as long as no block stamped below a recorded clock is committed
 * afterwards. Clocks only move forward.
 *
 * @example
 * await recordFixtureClocks(store, T0 + 3) // every indexer stepped after blocks stamped T0 + 2
 */
export async function recordFixtureClocks(store: Store, clock: number): Promise<void> {
  for (const { chainId } of await store.getChains()) await store.advanceChainClock({ chainId, clock })
}

/**
 * Commits block `n` of a chain with an ETH price: the fixture's only writer. Block timestamps are
 * T0 + n, feeds updated at the same time; positions get their engine view as the indexer's would.
 * Then every chain's indexer steps (`recordFixtureClocks` at T0 + n + 1), so readers are cut after
 * block n, not held below it by a chain with no recorded clock. Tests that commit block n on one
 * chain and then on the other break that rule for the second (its clock had passed T0 + n): between
 * the two commits readers see it a block behind the first, as they did before chains had clocks.
 */
export async function commitFixtureBlock(
  store: Store,
  chainId: 1 | 42161,
  n: number,
  ethPrice: bigint,
  upserts: Parameters<Store['commitBlock']>[0]['positions'] = undefined,
) {
  const eth = chainId === 1 ? feeds.eth1 : feeds.eth42161
  const usdc = chainId === 1 ? feeds.usdc1 : feeds.usdc42161
  const weth = chainId === 1 ? tokens.weth1 : tokens.weth42161
  const usdcToken = chainId === 1 ? tokens.usdc1 : tokens.usdc42161
  await store.commitBlock({
    chainId,
    block: { number: n, hash: hash(chainId, n), parentHash: hash(chainId, n - 1), timestamp: T0 + n },
    // The indexer stores each position's engine view; the fixture does what it would.
    positions: upserts && {
      ...upserts,
      upserts: upserts.upserts?.map(simpleEngine(chainId, fixtureAssets[chainId])),
    },
    prices: [
      {
        feed: eth,
        asset: weth,
        value: ethPrice * 10n ** 8n,
        decimals: 8,
        updatedAt: T0 + n,
        roundId: BigInt(n),
      },
      { feed: usdc, asset: usdcToken, value: 10n ** 8n, decimals: 8, updatedAt: T0 + n, roundId: BigInt(n) },
    ],
    cursors: ['head'],
    // The fixture writes every wallet's book: a complete read (the store reports the chain).
    complete: true,
  })
  await recordFixtureClocks(store, T0 + n + 1)
}

/**
 * Seeds: a cross-chain hedge (10 WETH on 1, short 10 ETH perp with 20k USDC in the perp vault on
 * 42161), a risky perp long (5k USDC in the vault). The USDC sits in the perp venue, as Perp v2's
 * own rule needs it there.
 */
export async function seedFixture(store: Store) {
  await store.upsertChains({
    chains: [
      { chainId: 1, name: 'ethereum', finalityDepth: 10, useFinalizedTag: false },
      { chainId: 42161, name: 'arbitrum', finalityDepth: 10, useFinalizedTag: false },
    ],
  })
  const hedge = wallets.hedge.toLowerCase() as `0x${string}`
  const risky = wallets.risky.toLowerCase() as `0x${string}`
  await commitFixtureBlock(store, 1, 1, 3000n, {
    upserts: [{ venue: 'wallet', wallet: hedge, kind: 'spot', key: tokens.weth1, amount: 10n * E18 }],
  })
  await commitFixtureBlock(store, 42161, 1, 3000n, {
    upserts: [
      {
        venue: 'perp',
        wallet: hedge,
        kind: 'perp',
        key: 'ETH',
        amount: -10n * E18,
        extra: { entryPrice: '300000000000' },
      },
      { venue: 'perp', wallet: hedge, kind: 'spot', key: tokens.usdc42161, amount: 20_000n * 10n ** 6n },
      {
        venue: 'perp',
        wallet: risky,
        kind: 'perp',
        key: 'ETH',
        amount: 10n * E18,
        extra: { entryPrice: '300000000000' },
      },
      { venue: 'perp', wallet: risky, kind: 'spot', key: tokens.usdc42161, amount: 5_000n * 10n ** 6n },
    ],
  })
  await store.trackWallets({
    wallets: [
      { address: hedge, source: 'config' },
      { address: risky, source: 'config' },
    ],
  })
}

/** Test attestation key, derived from a public string: never use it for anything real. */
export const signerKey: Hex = keccak256(toHex('xmargin api test signer'))

export type ApiFixture = Awaited<ReturnType<typeof startApiFixture>>

/**
 * A seeded SQLite file in a temp dir and the API on a real HTTP server on port 0, with a settable
 * clock and an in-process block event emitter.
 */
export async function startApiFixture(overrides: Partial<CreateApiServerParameters> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-api-'))
  const store = createStore({ path: join(dir, 'xmargin.db') })
  await seedFixture(store)
  const clock = { now: T0 + 30 }
  const blockEvents = createBlockEventEmitter()
  const api = createApiServer({
    store,
    chains: fixtureChains(),
    now: () => clock.now,
    attestation: { privateKey: signerKey, deploymentId: 'test' },
    adminKey: 'test-admin-key-0123456789',
    blockEvents,
    logger: pino({ level: 'silent' }),
    ...overrides,
  })
  const url = await api.listen(0)
  return {
    store,
    api,
    url,
    clock,
    blockEvents,
    close: async () => {
      await api.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
