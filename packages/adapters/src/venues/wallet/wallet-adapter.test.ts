import { manifestChain, manifestToken } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { erc20Abi, parseEventLogs } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { executeReads } from '../../read/execute-reads.js'
import { createDevnetFixture } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { NATIVE_ASSET_KEY, walletAdapter } from './wallet-adapter.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)

describe('walletAdapter', () => {
  test('decoded spot positions equal getBalance and balanceOf for every seeded wallet on every chain', async () => {
    let nonZero = 0
    for (const chain of devnet.manifest.chains) {
      const client = devnet.client(chain.chainId)
      const ctx = (await devnet.chainAdapters(chain.chainId)).contexts.wallet
      const blockNumber = await client.getBlockNumber()
      for (const { address: wallet } of devnet.manifest.wallets) {
        const calls = walletAdapter.walletReads(ctx, wallet)
        const { results } = await executeReads({ client, blockNumber, calls })
        const positions = walletAdapter.decodeWallet({ context: ctx, shared: null, wallet, results })
        const expected = [
          { key: NATIVE_ASSET_KEY, amount: await client.getBalance({ address: wallet, blockNumber }) },
          ...(await Promise.all(
            chain.tokens.map(async (t) => ({
              key: lower(t.address),
              amount: await client.readContract({
                address: t.address,
                abi: erc20Abi,
                functionName: 'balanceOf',
                args: [wallet],
                blockNumber,
              }),
            })),
          )),
        ].filter((e) => e.amount > 0n)
        expect(positions.map(({ key, amount }) => ({ key, amount }))).toEqual(expected)
        nonZero += expected.length
        for (const position of positions) {
          const core = walletAdapter.toCore({ context: ctx, position, blockNumber })
          expect(core.kind).toBe('spot')
          if (position.key === NATIVE_ASSET_KEY) expect(core.asset).toBe('ETH')
        }
      }
    }
    // Gas money on every chain for 4 wallets, stablecoins for stablecoin-only, borrowed USDC.
    expect(nonZero).toBeGreaterThan(12)
  })

  test('stablecoin-only holds USDC, USDT (and USDC.e on arbitrum) as the seed says', async () => {
    const chain = manifestChain(devnet.manifest, 42161)
    const ctx = (await devnet.chainAdapters(42161)).contexts.wallet
    const wallet = devnet.wallet('stablecoin-only')
    const client = devnet.client(42161)
    const { results } = await executeReads({
      client,
      blockNumber: await client.getBlockNumber(),
      calls: walletAdapter.walletReads(ctx, wallet),
    })
    const positions = walletAdapter.decodeWallet({ context: ctx, shared: null, wallet, results })
    const core = positions.map((position) =>
      walletAdapter.toCore({ context: ctx, position, blockNumber: 0n }),
    )
    const bySymbol = Object.fromEntries(core.map((p) => [p.asset, p.amount]))
    expect(bySymbol).toMatchObject({ USDC: 5000_000000n, USDT: 5000_000000n, 'USDC.e': 2500_000000n })
    expect(manifestToken(chain, 'USDC.e').decimals).toBe(6)
  })

  test('walletsOf() finds sender and receiver of an ERC-20 transfer', async () => {
    const chain = manifestChain(devnet.manifest, 1)
    const ctx = (await devnet.chainAdapters(1)).contexts.wallet
    const signer = devnet.signer(1, 'stablecoin-only')
    const to = devnet.wallet('empty')
    const usdc = manifestToken(chain, 'USDC').address
    const hash = await signer.writeContract({
      address: usdc,
      abi: erc20Abi,
      functionName: 'transfer',
      args: [to, 1_000000n],
    })
    const { logs } = await signer.waitForTransactionReceipt({ hash })
    const filter = walletAdapter.logFilter(ctx)
    const matching = parseEventLogs({ abi: filter.events, logs }).filter((log) =>
      filter.address.includes(lower(log.address)),
    )
    expect(matching).toHaveLength(1)
    expect(matching.flatMap((log) => walletAdapter.walletsOf(log))).toEqual([signer.account.address, to])
    // A log of another event (USDC's Approval) names no wallet instead of throwing.
    const approval = await signer.waitForTransactionReceipt({
      hash: await signer.writeContract({
        address: usdc,
        abi: erc20Abi,
        functionName: 'approve',
        args: [to, 1n],
      }),
    })
    expect(approval.logs).toHaveLength(1)
    expect(approval.logs.flatMap((log) => walletAdapter.walletsOf(log))).toEqual([])
  })

  test('a token read that fails makes decodeWallet throw instead of reporting a zero balance', async () => {
    const ctx = (await devnet.chainAdapters(1)).contexts.wallet
    const client = devnet.client(1)
    // A "token" without code: balanceOf returns no data.
    const broken = { ...ctx, venue: { ...ctx.venue, tokens: [...ctx.venue.tokens, devnet.wallet('empty')] } }
    const wallet = devnet.wallet('cross-chain')
    const { results } = await executeReads({
      client,
      blockNumber: await client.getBlockNumber(),
      calls: walletAdapter.walletReads(broken, wallet),
    })
    expect(() => walletAdapter.decodeWallet({ context: broken, shared: null, wallet, results })).toThrow(
      /Read failed: wallet balanceOf/,
    )
  })
})
