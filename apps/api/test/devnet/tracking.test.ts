import '@xmargin/devnet/vitest/global-setup'
import { revertSnapshot } from '@xmargin/devnet'
import { getAddress } from 'viem'
import { generatePrivateKey, privateKeyToAddress } from 'viem/accounts'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql, type ResultOf } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { createWalletFunder } from '../support/fund-wallet.js'
import { codes, gql } from '../support/graphql-client.js'
import { readSse } from '../support/sse-client.js'

const manifest = inject('devnetManifest')
const DEAD = getAddress('0x000000000000000000000000000000000000dEaD')
const fresh = () => privateKeyToAddress(generatePrivateKey())

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) { status statusReasons equity positions { chainId venue asset quantity } }
}`)
type Report = ResultOf<typeof MARGIN>['margin']
const SOLVENCY = graphql(`query ($a: [Address!]!) {
  solvency(addresses: $a) { verdict reasons attestation { message { verdict } } }
}`)
const TRACKING = graphql(`query ($a: Address!) { wallet(address: $a) { tracking } }`)

describe('wallets the indexer does not track', () => {
  let f: DevnetApiFixture
  const funder = createWalletFunder(manifest)
  const { sender } = funder
  let snapshot: `0x${string}`

  /** Sends ETH and WETH to `to` on chain 1 (real transfers), then lets the indexer index the blocks. */
  const fund = async (to: `0x${string}`, eth: string, wethAmount: string) => {
    await funder.fund(to, eth, wethAmount)
    await f.indexer.syncToHead()
  }

  beforeAll(async () => {
    snapshot = await sender.snapshot()
    // A first question waits for the indexer's read of the new wallet however long a busy machine
    // takes: these tests pin what it answers, not how fast. The bound on the wait (then UNKNOWN
    // tracking-pending) is the last test's; the time to a first answer is `bench:first-answer`'s figure.
    f = await startDevnetApi(manifest, {}, { autoTrack: { waitMs: 60_000 } })
  })
  afterAll(async () => {
    await f?.close()
    await revertSnapshot({ client: sender, id: snapshot })
  })

  it('0x…dEaD, after it receives ETH and WETH, is tracked by its first margin query and answered with its real positions', async () => {
    await fund(DEAD, '2', '3')
    expect(await f.store.getTrackedWallets({ addresses: [DEAD] })).toEqual([])
    const res = await gql(f.url, MARGIN, { a: [DEAD] })
    expect(res.errors).toBeUndefined()
    const report = res.data!.margin
    expect(report.statusReasons).toEqual([])
    expect(report.status).toBe('HEALTHY')
    const onEthereum = report.positions.filter((p) => p.chainId === 1 && p.venue === 'wallet')
    expect(onEthereum.map((p) => [p.asset, Number(p.quantity)]).sort()).toEqual([
      ['ETH', 2],
      ['WETH', 3],
    ])
    expect(Number(report.equity)).toBeGreaterThan(0)
    expect((await f.store.getTrackedWallets({ addresses: [DEAD] }))[0]?.source).toBe('api')
    // Tracked now: the next block's changes reach it like any tracked wallet's.
    await fund(DEAD, '1', '0')
    const later = await gql(f.url, MARGIN, { a: [DEAD] })
    const eth = later.data!.margin.positions.find((p) => p.chainId === 1 && p.asset === 'ETH')
    expect(Number(eth?.quantity)).toBe(3)
  })

  it('wallet(address) tracks before its raw positions are read', async () => {
    const address = fresh()
    await fund(address, '1', '1')
    const res = await gql(
      f.url,
      graphql(`query ($a: Address!) { wallet(address: $a) { tracking positions { chainId venue } } }`),
      { a: address },
    )
    expect(res.errors).toBeUndefined()
    expect(res.data!.wallet.tracking).toBe('TRACKED')
    expect(res.data!.wallet.positions.filter((p) => p.chainId === 1 && p.venue === 'wallet')).toHaveLength(2)
  })

  it('a marginUpdated subscriber and a stressTest on an untracked wallet get its real positions too', async () => {
    const address = fresh()
    await fund(address, '1', '2')
    const stream = await readSse<{ marginUpdated: Report }>(
      f.url,
      `subscription { marginUpdated(addresses: ["${address}"]) { status statusReasons equity positions { chainId venue asset quantity } } }`,
    )
    try {
      const first = (await stream.next()).data!.marginUpdated
      expect(first.statusReasons).toEqual([])
      expect(first.positions.filter((p) => p.chainId === 1 && p.venue === 'wallet')).toHaveLength(2)
    } finally {
      stream.close()
    }
    const other = fresh()
    await fund(other, '1', '0')
    const stress = await gql(
      f.url,
      graphql(
        `query ($a: [Address!]!) { stressTest(addresses: $a, shocks: [{ factor: "ETH", spot: "-0.3" }]) { before { statusReasons equity } } }`,
      ),
      { a: [other] },
    )
    expect(stress.errors).toBeUndefined()
    expect(stress.data!.stressTest.before.statusReasons).toEqual([])
    expect(Number(stress.data!.stressTest.before.equity)).toBeGreaterThan(0)
  })

  it('with auto-tracking off, an untracked wallet with funds is UNKNOWN not-tracked, and its solvency is never SOLVENT', async () => {
    const off = await f.startApi({ autoTrack: { enabled: false } })
    const address = fresh()
    await fund(address, '2', '3')
    const res = await gql(off.url, MARGIN, { a: [address] })
    expect(res.data!.margin.status).toBe('UNKNOWN')
    expect(res.data!.margin.statusReasons).toEqual([`not-tracked:${address.toLowerCase()}`])
    const solvency = await gql(off.url, SOLVENCY, { a: [address] })
    const [row] = solvency.data!.solvency
    expect(row!.verdict).toBe('UNKNOWN')
    expect(row!.reasons).toEqual([`not-tracked:${address.toLowerCase()}`])
    expect(row!.attestation!.message.verdict).toBe('UNKNOWN')
    const wallet = await gql(off.url, TRACKING, { a: address })
    expect(wallet.data!.wallet.tracking).toBe('NOT_TRACKED')
    const stream = await readSse<{ marginUpdated: Report }>(
      off.url,
      `subscription { marginUpdated(addresses: ["${address}"]) { status statusReasons } }`,
    )
    try {
      const first = (await stream.next()).data!.marginUpdated
      expect([first.status, first.statusReasons]).toEqual([
        'UNKNOWN',
        [`not-tracked:${address.toLowerCase()}`],
      ])
    } finally {
      stream.close()
    }
    expect(await f.store.getTrackedWallets({ addresses: [address] })).toEqual([])
  })

  it('is UNKNOWN tracking-pending (never SOLVENT) until the indexer has read the new wallet, then SOLVENT', async () => {
    let release: () => void = () => {}
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    let read: ReturnType<DevnetApiFixture['indexer']['readWallets']> | undefined
    const slow = await f.startApi({
      autoTrack: { waitMs: 200 },
      readWallets: async (wallets) => {
        await gate
        read = f.indexer.readWallets(wallets)
        return read
      },
    })
    const address = fresh()
    await fund(address, '2', '0')
    const pending = await gql(slow.url, SOLVENCY, { a: [address] })
    expect(pending.data!.solvency[0]!.verdict).toBe('UNKNOWN')
    expect(pending.data!.solvency[0]!.reasons).toEqual([`tracking-pending:${address.toLowerCase()}`])
    expect(pending.data!.solvency[0]!.attestation!.message.verdict).toBe('UNKNOWN')
    expect((await gql(slow.url, TRACKING, { a: address })).data!.wallet.tracking).toBe('PENDING')
    release()
    await gate
    await read
    const after = await gql(slow.url, SOLVENCY, { a: [address] })
    expect(after.data!.solvency[0]!.reasons).toEqual([])
    expect(after.data!.solvency[0]!.verdict).toBe('SOLVENT')
    expect((await gql(slow.url, TRACKING, { a: address })).data!.wallet.tracking).toBe('TRACKED')
  })

  it('refuses past the per-minute and the total caps with TRACKING_LIMIT, tracking nothing of the refused call', async () => {
    const perMinute = await f.startApi({ autoTrack: { perMinute: 2 } })
    const three = [fresh(), fresh(), fresh()]
    const refused = await gql(perMinute.url, MARGIN, { a: three })
    expect(codes(refused)).toEqual(['TRACKING_LIMIT'])
    expect(refused.status).toBe(429)
    expect(await f.store.getTrackedWallets({ addresses: three })).toEqual([])
    const two = await gql(perMinute.url, MARGIN, { a: three.slice(0, 2) })
    expect(two.errors).toBeUndefined()
    const third = await gql(perMinute.url, MARGIN, { a: [three[2]!] })
    expect(codes(third)).toEqual(['TRACKING_LIMIT'])
    // Tracked wallets are never counted again.
    expect((await gql(perMinute.url, MARGIN, { a: three.slice(0, 2) })).errors).toBeUndefined()

    const already = (await f.store.getTrackedWallets({ sources: ['api'] })).length
    const total = await f.startApi({ autoTrack: { total: already + 1 } })
    expect((await gql(total.url, MARGIN, { a: [fresh()] })).errors).toBeUndefined()
    const over = await gql(total.url, SOLVENCY, { a: [fresh()] })
    expect(codes(over)).toEqual(['TRACKING_LIMIT'])
    expect(over.errors![0]!.message).toMatch(`limit of ${already + 1} wallets`)
  })
})
