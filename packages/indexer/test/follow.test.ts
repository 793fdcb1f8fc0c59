import { StaleVenueConfigError } from '@xmargin/adapters'
import { anvilKey, createDevnetClient, manifestChain, manifestToken } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { erc20Abi, parseAbi, parseUnits } from 'viem'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createChainSyncer } from '../src/sync/chain-syncer.js'
import type { IndexerChain } from '../src/types.js'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
const fixtures: IndexerFixture[] = []
afterEach(async () => {
  await Promise.all(fixtures.splice(0).map((f) => f.close()))
})

const chain = manifestChain(manifest, 1)
const walletOf = (name: string) => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no wallet ${name}`)
  return found
}
const emptyAddress = walletOf('empty').address.toLowerCase() as `0x${string}`

async function sendUsdcToEmpty(amount: string) {
  const sender = createDevnetClient({
    chainId: 1,
    rpcUrl: chain.rpcUrl,
    privateKey: walletOf('stablecoin-only').privateKey,
  })
  await sender.waitForTransactionReceipt({
    hash: await sender.writeContract({
      address: manifestToken(chain, 'USDC').address,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [walletOf('empty').address, parseUnits(amount, 6)],
    }),
  })
}

async function usdcOfEmpty(f: IndexerFixture): Promise<bigint | undefined> {
  const usdc = manifestToken(chain, 'USDC').address.toLowerCase()
  const rows = await f.store.getPositions({ wallets: [emptyAddress], chainIds: [1] })
  return rows.find((r) => r.key === usdc)?.amount
}

async function within(ms: number, check: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((r) => setTimeout(r, 50))
  }
  return check()
}

describe('following the head', () => {
  test('WebSocket newHeads wake the loop: a new block is indexed long before the next poll', async () => {
    const f = await createIndexerFixture(manifest, { pollingIntervalMs: 60_000, webSocket: true })
    fixtures.push(f)
    await f.indexer.syncToHead()
    const running = f.indexer.run()
    // The loops go idle (sleeping 60 s) and the subscriptions come up; heads before that are missed.
    await new Promise((r) => setTimeout(r, 1_000))
    await sendUsdcToEmpty('42')
    expect(await within(5_000, async () => (await usdcOfEmpty(f)) === 42_000_000n)).toBe(true)
    await f.indexer.stop()
    await running
  })

  test('without a head subscription the same block waits for the poll (control for the test above)', async () => {
    const f = await createIndexerFixture(manifest, { pollingIntervalMs: 60_000, webSocket: false })
    fixtures.push(f)
    await f.indexer.syncToHead()
    const running = f.indexer.run()
    await new Promise((r) => setTimeout(r, 1_000))
    await sendUsdcToEmpty('42')
    expect(await within(2_000, async () => (await usdcOfEmpty(f)) === 42_000_000n)).toBe(false)
    await f.indexer.stop()
    await running
  })

  test('a venue reconfigured on chain (Aave stable borrowing switched on) is re-resolved, not a dead chain', async () => {
    const f = await createIndexerFixture(manifest)
    fixtures.push(f)
    await f.indexer.syncToHead([1])
    const admin = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
    await admin.waitForTransactionReceipt({
      hash: await admin.writeContract({
        address: chain.contracts.aavePoolConfigurator as `0x${string}`,
        abi: parseAbi(['function setReserveStableRateBorrowing(address asset, bool enabled)']),
        functionName: 'setReserveStableRateBorrowing',
        args: [manifestToken(chain, 'USDC').address, true],
      }),
    })
    const result = await f.indexer.step(1)
    expect(result.kind).toBe('blocks')
    expect(f.indexer.status().find((s) => s.chainId === 1)?.consecutiveErrors).toBe(0)
    // Control: the same (now stale) adapters without a reload hook fail with the stale-layout error.
    const other = await createIndexerFixture(manifest)
    fixtures.push(other)
    const stale = { ...(f.chains.find((c) => c.chainId === 1) as IndexerChain), reloadAdapters: undefined }
    await expect(createChainSyncer({ chain: stale, store: other.store }).step()).rejects.toThrow(
      StaleVenueConfigError,
    )
  })
})
