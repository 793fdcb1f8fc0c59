import '@xmargin/devnet/vitest/global-setup'
import { alignClock, manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import type { Store } from '@xmargin/store'
import { createTestClient, getAddress, http, publicActions } from 'viem'
import { afterEach, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const manifest = inject('devnetManifest')
// Every test's chains go back to where they were (reorgs included) once it ends.
useDevnetSnapshots(manifest)
let f: DevnetApiFixture | undefined
let following: Promise<void> | undefined
/** Lets an indexer held after its chain reset go on (see `holdAfterReset`). */
let releaseReset: (() => void) | undefined
afterEach(async () => {
  releaseReset?.()
  releaseReset = undefined
  await f?.close()
  await following
  f = undefined
  following = undefined
})

const wallet = (name: string) => getAddress(manifest.wallets.find((w) => w.name === name)!.address)
const crossChain = wallet('cross-chain')
const nearLiquidation = wallet('near-liquidation')
const chain1 = createTestClient({
  mode: 'anvil',
  transport: http(manifestChain(manifest, 1).rpcUrl),
  cacheTime: 0,
}).extend(publicActions)

/** One answer of the API as a client polling it sees it. */
type Sample = {
  ms: number
  status: string
  statusReasons: string[]
  equity: number
  /** What the cross-chain wallet's chain-1 positions are worth in the answer. */
  chain1Value: number
  chain1Hash: string | null
  chain1State: string
  verdict: string
  reasons: string[]
  /** The signed verdict, when the answer carries an attestation. */
  attested: string | null
  nearLiquidationEquity: number
}

const QUERY = graphql(`query ($cc: [Address!]!, $nl: [Address!]!) {
  cc: margin(addresses: $cc) { status statusReasons equity positions { chainId value } freshness { chainId blockHash } }
  chains { chainId status indexedHash }
  solvency(addresses: $nl) { verdict reasons attestation { message { verdict } } }
  nl: margin(addresses: $nl) { equity }
}`)

/**
 * One answer, or null when the server refused it with STALE_DATA because a chain changed under the
 * request (a reorg or reset between its heads and its reads): a refusal, never a wrong answer.
 */
async function sample(url: string, started: number): Promise<Sample | null> {
  const res = await gql(url, QUERY, { cc: [crossChain], nl: [nearLiquidation] })
  if (res.errors?.every((e) => e.extensions?.code === 'STALE_DATA') && res.status === 503) return null
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined()
  const data = res.data!
  const solvency = data.solvency[0]!
  return {
    ms: Date.now() - started,
    status: data.cc.status,
    statusReasons: data.cc.statusReasons,
    equity: Number(data.cc.equity),
    chain1Value: data.cc.positions
      .filter((p) => p.chainId === 1)
      .reduce((sum, p) => sum + Number(p.value), 0),
    chain1Hash: data.cc.freshness.find((c) => c.chainId === 1)?.blockHash ?? null,
    chain1State: data.chains.find((c) => c.chainId === 1)!.status,
    verdict: solvency.verdict,
    reasons: solvency.reasons,
    attested: solvency.attestation?.message.verdict ?? null,
    nearLiquidationEquity: Number(data.nl.equity),
  }
}

/** Polls the API every ~2 ms until `done` holds for an answer (then a few more), or throws after `timeoutMs`. */
async function pollUntil(url: string, done: (s: Sample) => boolean, timeoutMs = 60_000): Promise<Sample[]> {
  const started = Date.now()
  const samples: Sample[] = []
  let after = -1
  while (after < 0 || samples.length < after + 5) {
    const s = await sample(url, started)
    if (s) samples.push(s)
    if (s && after < 0 && done(s)) after = samples.length
    if (Date.now() - started > timeoutMs)
      throw new Error(`not done after ${timeoutMs} ms; last answer ${JSON.stringify(samples.at(-1))}`)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  return samples
}

/** Hashes of chain 1's last `count` blocks. */
async function lastHashes(count: number): Promise<Set<string>> {
  const head = await chain1.getBlockNumber()
  const blocks = await Promise.all(
    Array.from({ length: count }, (_, i) => chain1.getBlock({ blockNumber: head - BigInt(i) })),
  )
  return new Set(blocks.map((b) => b.hash))
}

/**
 * Replaces chain 1's last `depth` blocks. The new fork's first block carries a zero-value transfer:
 * empty blocks mined in the same second as the ones they replace would get the very same hashes.
 * `anvil_reorg` rewinds the chain's time to the block it goes back to; the clock is moved back to
 * the wall clock, as a real chain's would be (else the cut holds every chain at chain 1's past).
 */
const reorgChain1 = async (depth: number) => {
  const from = manifest.wallets.find((w) => w.name === 'cross-chain')!.address
  const marker = { from, to: from, value: '0x0' }
  await chain1.request({ method: 'anvil_reorg', params: [depth, [[marker, 0]]] } as never)
  await alignClock({ client: chain1 })
}
const near = (value: number, reference: number) => Math.abs(value - reference) <= 0.01 * Math.abs(reference)

/**
 * The indexer's store, with `resetChain` holding the indexer once the reset is committed until the
 * test calls `releaseReset`: the chain stays REINDEXING until the test has seen it, however fast the
 * re-read would be.
 */
const holdAfterReset = (store: Store): Store => {
  const held = new Promise<void>((resolve) => {
    releaseReset = resolve
  })
  return new Proxy(store, {
    get: (target, key) => {
      if (key === 'resetChain')
        return async (parameters: Parameters<Store['resetChain']>[0]) => {
          const reset = await target.resetChain(parameters)
          await held
          return reset
        }
      const value = Reflect.get(target, key)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

describe('reorgs and halted chains under a polling client (devnet, real indexer and server)', () => {
  it('a reorg below the first-sync snapshot: no answer is built on a chain with missing positions, none is HEALTHY/SOLVENT on it', async () => {
    // One block above the test's evm snapshot, so the chains revert cleanly after the reorg.
    await chain1.mine({ blocks: 1 })
    f = await startDevnetApi(manifest)
    const before = (await sample(f.url, Date.now()))!
    expect(before).toMatchObject({ status: 'HEALTHY', chain1State: 'LIVE', verdict: 'SOLVENT' })
    expect(before.chain1Value).toBeGreaterThan(20_000) // 10 WETH on Aave and native ETH
    const orphaned = await lastHashes(1)
    expect(orphaned.has(before.chain1Hash!)).toBe(true)
    following = f.indexer.run()
    // The first sync's snapshot is the head: a reorg of depth 1 goes below it.
    await reorgChain1(1)
    const samples = await pollUntil(
      f.url,
      (s) => s.chain1State === 'LIVE' && s.chain1Hash !== null && !orphaned.has(s.chain1Hash),
    )
    for (const s of samples) {
      // Every chain-1 position is there in every answer a client could trust…
      if (s.status !== 'UNKNOWN') expect(near(s.equity, before.equity), JSON.stringify(s)).toBe(true)
      if (s.verdict === 'SOLVENT' || s.attested === 'SOLVENT')
        expect(near(s.nearLiquidationEquity, before.nearLiquidationEquity), JSON.stringify(s)).toBe(true)
      // …and the chain is never served LIVE at a cut with its positions gone. (Its own positions: the
      // reorg rewinds chain 1's clock, so for a moment the cut may fall before the other chains'
      // first indexed blocks, an answer UNKNOWN with `chain-before-cut:<chain>` and without theirs.)
      if (s.chain1State === 'LIVE')
        expect(s.chain1Value, JSON.stringify(s)).toBeGreaterThan(0.9 * before.chain1Value)
    }
    const last = samples.at(-1)!
    expect(last).toMatchObject({ status: 'HEALTHY', verdict: 'SOLVENT', attested: 'SOLVENT' })
    expect(near(last.equity, before.equity)).toBe(true)
  })

  it('a reorg deeper than finality: UNKNOWN and REINDEXING from detection until healed, never HEALTHY/SOLVENT on orphaned blocks after it', async () => {
    await chain1.mine({ blocks: 2 })
    f = await startDevnetApi(manifest, { indexerStore: holdAfterReset })
    following = f.indexer.run()
    // 14 blocks one by one: the finality floor (10 blocks) lies inside the range the reorg replaces.
    for (let i = 0; i < 14; i++) await chain1.mine({ blocks: 1 })
    const head = await chain1.getBlock()
    const [indexed] = await pollUntil(f.url, (s) => s.chain1Hash === head.hash)
    const before = (await sample(f.url, Date.now()))!
    expect(before).toMatchObject({ status: 'HEALTHY', verdict: 'SOLVENT', chain1State: 'LIVE' })
    expect(indexed).toBeDefined()
    const orphaned = await lastHashes(15)
    await reorgChain1(15)
    // Until the test has seen the chain re-indexing, the indexer waits right after its reset.
    const seen = await pollUntil(f.url, (s) => s.chain1State === 'REINDEXING')
    releaseReset!()
    const samples = [
      ...seen,
      ...(await pollUntil(
        f.url,
        (s) => s.chain1State === 'LIVE' && s.chain1Hash !== null && !orphaned.has(s.chain1Hash),
      )),
    ]
    const detected = samples.findIndex((s) => s.chain1State !== 'LIVE')
    expect(detected, 'the API saw chain 1 re-indexing').toBeGreaterThanOrEqual(0)
    const healed = samples.findIndex((s, i) => i > detected && s.chain1State === 'LIVE')
    for (const s of samples.slice(detected, healed)) {
      expect(s.chain1State).toBe('REINDEXING')
      expect(s).toMatchObject({ status: 'UNKNOWN', verdict: 'UNKNOWN' })
      expect(s.attested).not.toBe('SOLVENT')
      expect(s.reasons).toContain('chain-reindexing:1')
    }
    for (const s of samples.slice(detected)) expect(orphaned.has(s.chain1Hash ?? '')).toBe(false)
    const last = samples.at(-1)!
    expect(last).toMatchObject({ status: 'HEALTHY', verdict: 'SOLVENT', attested: 'SOLVENT' })
    expect(near(last.equity, before.equity)).toBe(true)
  })

  it('a halted chain turns STALE after its own maxLagSeconds while the indexer keeps stepping: UNKNOWN, never SOLVENT', async () => {
    f = await startDevnetApi(manifest, { maxLagSeconds: { 1: 600, 42161: 3600, 8453: 3600 } })
    following = f.indexer.run()
    const fresh = (await sample(f.url, Date.now()))!
    expect(fresh).toMatchObject({ chain1State: 'LIVE', verdict: 'SOLVENT' })
    // No block is mined: 601 s pass on the API's and the indexer's clock.
    f.clock.offset = 601
    const [stale] = await pollUntil(f.url, () => true)
    expect(stale).toMatchObject({ chain1State: 'STALE', status: 'UNKNOWN', verdict: 'UNKNOWN' })
    expect(stale!.attested).toBe('UNKNOWN')
    expect(stale!.reasons).toContain('stale-chain:1')
    expect(stale!.reasons.filter((r) => r.includes('chain'))).toEqual(['stale-chain:1'])
    // The indexer agrees: its steps succeed, yet the chain is stale by the wall clock.
    const status = f.indexer.status().find((s) => s.chainId === 1)!
    expect(status.consecutiveErrors).toBe(0)
    expect(status).toMatchObject({ stale: true, staleReasons: ['head-age'] })
    const chains = await gql(f.url, graphql(`query { chains { chainId status ageSeconds } }`), {})
    expect(chains.data!.chains.map((c) => [c.chainId, c.status])).toEqual([
      [1, 'STALE'],
      [8453, 'LIVE'],
      [42161, 'LIVE'],
    ])
    expect(chains.data!.chains[0]!.ageSeconds).toBeGreaterThan(600)
  })
})
