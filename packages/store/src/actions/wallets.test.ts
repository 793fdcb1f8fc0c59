import { afterEach, describe, expect, test } from 'vitest'
import { StoreError } from '../errors.js'
import { addressOf, createTempStore, header, type TempStore, testDialects } from '../testing/fixtures.js'

const alice = addressOf('alice')
const bob = addressOf('bob')
const carol = addressOf('carol')
const upper = (a: `0x${string}`) => `0x${a.slice(2).toUpperCase()}` as const

let temp: TempStore | undefined
afterEach(async () => {
  await temp?.dispose()
  temp = undefined
})

describe.each(testDialects)('trackWallets() on %s', (dialect) => {
  test('tracks wallets once, keeping the first source; discovered ones come with their block', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    expect(await store.trackWallets({ wallets: [{ address: upper(alice), source: 'config' }] })).toEqual({
      added: [alice],
    })
    expect(await store.trackWallets({ wallets: [{ address: alice, source: 'api' }] })).toEqual({ added: [] })
    await store.commitBlock({ chainId: 31337, block: header('a', 7), discoveredWallets: [bob, alice] })
    const all = await store.getTrackedWallets()
    expect(all).toEqual(
      [
        {
          address: alice,
          source: 'config',
          firstSeenAt: 1_700_000_000_000,
          firstSeenChainId: null,
          firstSeenBlock: null,
        },
        {
          address: bob,
          source: 'discovered',
          firstSeenAt: header('a', 7).timestamp * 1000,
          firstSeenChainId: 31337,
          firstSeenBlock: 7,
        },
      ].sort((x, y) => (x.address < y.address ? -1 : 1)),
    )
    expect((await store.getTrackedWallets({ sources: ['discovered'] })).map((w) => w.address)).toEqual([bob])
    expect((await store.getTrackedWallets({ addresses: [upper(bob), carol] })).map((w) => w.address)).toEqual(
      [bob],
    )
    expect(await store.untrackWallet({ address: bob })).toEqual({ removed: true })
    expect(await store.untrackWallet({ address: bob })).toEqual({ removed: false })
  })
})

describe.each(testDialects)('setAccount() on %s', (dialect) => {
  test('groups wallets under a name, replaces the list, and reads back by name or wallet', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    await store.setAccount({ name: 'alice', wallets: [upper(bob), alice], source: 'config' })
    await store.setAccount({ name: 'desk', wallets: [carol, bob] })
    expect(await store.getAccounts()).toEqual([
      { name: 'alice', wallets: [alice, bob].sort() },
      { name: 'desk', wallets: [bob, carol].sort() },
    ])
    expect((await store.getTrackedWallets({ addresses: [carol] }))[0]?.source).toBe('api')
    expect(await store.getAccounts({ wallets: [carol] })).toEqual([
      { name: 'desk', wallets: [bob, carol].sort() },
    ])
    expect(await store.getAccounts({ names: ['alice', 'nobody'], wallets: [bob] })).toHaveLength(1)

    await store.setAccount({ name: 'alice', wallets: [alice] })
    expect(await store.getAccounts({ names: ['alice'] })).toEqual([{ name: 'alice', wallets: [alice] }])
    // A wallet in an account cannot be untracked.
    await expect(store.untrackWallet({ address: carol })).rejects.toThrow(StoreError)
    expect(await store.deleteAccount({ name: 'desk' })).toEqual({ deleted: true })
    expect(await store.untrackWallet({ address: carol })).toEqual({ removed: true })
    await store.setAccount({ name: 'empty', wallets: [] })
    expect(await store.getAccounts({ names: ['empty'] })).toEqual([{ name: 'empty', wallets: [] }])
  })
})

describe.each(testDialects)('upsertAssets() on %s', (dialect) => {
  test('inserts and updates assets by chain and address', async () => {
    temp = await createTempStore('store', dialect)
    const { store } = temp
    const weth = addressOf('weth')
    const feed = addressOf('feed')
    await store.upsertAssets({
      assets: [
        {
          chainId: 31337,
          address: upper(weth),
          symbol: 'WETH',
          decimals: 18,
          factor: '0.8',
          feed: upper(feed),
        },
      ],
    })
    await store.upsertAssets({
      assets: [{ chainId: 31337, address: weth, symbol: 'WETH', decimals: 18, factor: '0.825', feed }],
    })
    expect(await store.getAssets({ chainIds: [31337] })).toEqual([
      { chainId: 31337, address: weth, symbol: 'WETH', decimals: 18, factor: '0.825', feed },
    ])
    expect(await store.getAssets({ chainIds: [31338] })).toEqual([])
  })
})
