import '@xmargin/devnet/vitest/global-setup'
import {
  anvilKey,
  createDevnetClient,
  DERIVATIVES_OPERATOR_INDEX,
  devnetFeedAbi,
  manifestChain,
  manifestOptionsVenue,
  openOption,
  optionsSeedAccounts,
  optionsSeedExpiry,
  optionsSeedVolatilities,
  refreshFeeds,
  revertSnapshot,
} from '@xmargin/devnet'
import { createTestClient, getAddress, http, parseEther } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { graphql } from '../../src/graphql/graphql.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const manifest = inject('devnetManifest')
const base = manifestChain(manifest, 8453)
const addressOf = (name: string) => getAddress(manifest.wallets.find((w) => w.name === name)!.address)

const MARGIN = graphql(`query ($a: [Address!]!) {
  margin(addresses: $a) {
    status statusReasons positions { id kind asset value impliedVolatility stale } excluded { id reason }
  }
}`)

/** Option legs each seeded options book trades (`optionsSeedAccounts`). */
const legsOf = (kind: (typeof optionsSeedAccounts)[number]['strategy']['kind']) =>
  kind === 'long-put' ? 1 : 2

describe('every demo wallet is priced on a fresh devnet (issue 11)', () => {
  let f: DevnetApiFixture
  const snapshots = new Map<string, `0x${string}`>()
  const testClients = manifest.chains.map((c) => ({
    chain: c,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))
  const margin = async (name: string) => {
    const res = await gql(f.url, MARGIN, { a: [addressOf(name)] })
    expect(res.errors, name).toBeUndefined()
    return res.data!.margin
  }
  beforeAll(async () => {
    for (const { chain, client } of testClients) snapshots.set(chain.rpcUrl, await client.snapshot())
    f = await startDevnetApi(manifest)
  })
  afterAll(async () => {
    await f?.close()
    for (const { chain, client } of testClients)
      await revertSnapshot({ client, id: snapshots.get(chain.rpcUrl)! })
  })

  it('every wallet of the manifest has a status other than UNKNOWN, no reasons and nothing excluded for a missing price', async () => {
    expect(manifest.wallets.length).toBeGreaterThanOrEqual(10)
    for (const wallet of manifest.wallets) {
      const report = await margin(wallet.name)
      expect({ name: wallet.name, status: report.status, reasons: report.statusReasons }).toEqual({
        name: wallet.name,
        status: expect.not.stringMatching(/^UNKNOWN$/),
        reasons: [],
      })
      expect(
        report.excluded.filter((e) => e.reason === 'missing-price'),
        wallet.name,
      ).toEqual([])
    }
  })

  it('the BTC perp on arbitrum and the BTC put on base are valued at a BTC price', async () => {
    const perp = await margin('leveraged-long-btc')
    const btcPerp = perp.positions.filter((p) => p.kind === 'PERP' && p.asset === 'BTC')
    expect(btcPerp).toHaveLength(1)
    expect(btcPerp[0]!.id.startsWith('42161:')).toBe(true)
    const put = await margin('protective-put')
    expect(put.positions.filter((p) => p.kind === 'OPTION' && p.asset === 'BTC')).toHaveLength(1)
  })

  it('the options books have every option leg valued (none excluded) from the published implied vols', async () => {
    for (const { wallet, strategy } of optionsSeedAccounts) {
      const report = await margin(wallet)
      const options = report.positions.filter((p) => p.kind === 'OPTION')
      expect(
        options.map((o) => o.asset),
        wallet,
      ).toEqual(Array(legsOf(strategy.kind)).fill(strategy.underlying))
      expect(report.excluded, wallet).toEqual([])
      expect(options.every((o) => !o.stale && Number.isFinite(Number(o.value)))).toBe(true)
      // Valued at the vol the devnet publishes for the expiry; other kinds carry none.
      const seeded = optionsSeedVolatilities[strategy.underlying].toFixed(6)
      expect(options.map((o) => o.impliedVolatility)).toEqual(options.map(() => seeded))
      expect(
        report.positions.filter((p) => p.kind !== 'OPTION').every((p) => p.impliedVolatility === null),
      ).toBe(true)
    }
    // The value follows the on-chain vol: raising the ETH vol of the seeded 30-day expiry raises
    // the long 2,700 put of perp-and-options.
    const put = async () => (await margin('perp-and-options')).positions.find((p) => p.kind === 'OPTION')!
    const before = Number((await put()).value)
    // Every seeded ETH option expires in 30 days: one ETH vol feed.
    const ethVols = base.venues!.options!.volatilityFeeds.filter((v) => v.underlying === 'ETH')
    expect(ethVols).toHaveLength(1)
    const deployer = createDevnetClient({ chainId: 8453, rpcUrl: base.rpcUrl, privateKey: anvilKey(0) })
    await deployer.waitForTransactionReceipt({
      hash: await deployer.writeContract({
        address: ethVols[0]!.feed,
        abi: devnetFeedAbi,
        functionName: 'setPrice',
        args: [90_000_000n],
      }),
    })
    await f.indexer.syncToHead()
    const after = await put()
    expect(after.impliedVolatility).toBe('0.900000')
    expect(Number(after.value)).toBeGreaterThan(before * 1.2)
  })

  it('an option at an expiry without a published vol makes its book UNKNOWN with missing-volatility', async () => {
    const house = createDevnetClient({
      chainId: 8453,
      rpcUrl: base.rpcUrl,
      privateKey: anvilKey(DERIVATIVES_OPERATOR_INDEX),
    })
    const { timestamp } = await house.getBlock()
    const expiry = optionsSeedExpiry(timestamp, 90)
    await openOption(house, manifestOptionsVenue(base), {
      long: addressOf('call-spread'),
      short: house.account.address,
      underlying: 'ETH',
      strike: 4000,
      expiry,
      isCall: true,
      size: parseEther('0.1'),
      premium: 10,
    })
    await f.indexer.syncToHead()
    const report = await margin('call-spread')
    expect(report.status).toBe('UNKNOWN')
    expect(report.statusReasons).toEqual([`missing-volatility:ETH@${expiry}`])
  })

  it('a vol feed that stops publishing turns the options book UNKNOWN with stale-volatility', async () => {
    const before = await margin('short-strangle')
    expect(before.status).not.toBe('UNKNOWN')
    // Two hours pass; the price feeds keep publishing, the vol feeds do not.
    for (const { client } of testClients) {
      await client.increaseTime({ seconds: 7200 })
      await client.mine({ blocks: 1 })
    }
    for (const chain of manifest.chains)
      await refreshFeeds(
        chain.rpcUrl,
        chain.chainId,
        chain.tokens.map((t) => t.feed),
      )
    f.clock.offset = 7200
    await f.indexer.syncToHead()
    const after = await margin('short-strangle')
    expect(after.status).toBe('UNKNOWN')
    const expiry = base.venues!.options!.volatilityFeeds.find((v) => v.underlying === 'ETH')!.expiry
    expect(after.statusReasons).toEqual([`stale-volatility:ETH@${expiry}`])
  })
})
