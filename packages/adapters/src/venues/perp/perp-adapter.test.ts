import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { type Address, erc20Abi, maxUint256, parseAbi, parseEther } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext } from '../../adapter.js'
import { executeReads } from '../../read/execute-reads.js'
import { createDevnetFixture, mintAbi } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { perpAccountBalanceAbi, perpExchangeAbi, perpVaultAbi } from './perp-abis.js'
import { perpAdapter } from './perp-adapter.js'
import { perpDefinition } from './perp-definition.js'
import type { PerpVenue } from './perp-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const perpChain = devnet.manifest.chains.find((c) => c.contracts.perpClearingHouse !== undefined)

async function context(): Promise<AdapterContext<PerpVenue>> {
  if (!perpChain) throw new Error('the devnet has no Perp v2')
  const found = (await devnet.chainAdapters(perpChain.chainId)).contexts.perp
  if (!found) throw new Error('Perp v2 not wired from the manifest')
  return found
}

async function readPerp(ctx: AdapterContext<PerpVenue>, wallet: Address, blockNumber: bigint) {
  const { results } = await executeReads({
    client: devnet.client(ctx.chainId),
    blockNumber,
    calls: perpAdapter.walletReads(ctx, wallet),
  })
  return perpAdapter.decodeWallet({ context: ctx, shared: null, wallet, results })
}

describe('perpAdapter', () => {
  test("decoded positions equal Perp's vault balance, position size, open notional and pending funding for every seeded wallet", async () => {
    const ctx = await context()
    const client = devnet.client(ctx.chainId)
    const blockNumber = await client.getBlockNumber()
    let open = 0
    for (const { address: wallet } of devnet.manifest.wallets) {
      const positions = await readPerp(ctx, wallet, blockNumber)
      const at = { blockNumber }
      const balance = await client.readContract({
        address: ctx.venue.vault,
        abi: perpVaultAbi,
        functionName: 'getBalance',
        args: [wallet],
        ...at,
      })
      expect(positions.find((p) => p.kind === 'spot')?.amount ?? 0n).toBe(balance)
      for (const { baseToken } of ctx.venue.markets) {
        const args = [wallet, baseToken] as const
        const [size, notional, funding] = await Promise.all([
          client.readContract({
            address: ctx.venue.accountBalance,
            abi: perpAccountBalanceAbi,
            functionName: 'getTotalPositionSize',
            args,
            ...at,
          }),
          client.readContract({
            address: ctx.venue.accountBalance,
            abi: perpAccountBalanceAbi,
            functionName: 'getTotalOpenNotional',
            args,
            ...at,
          }),
          client.readContract({
            address: ctx.venue.exchange,
            abi: perpExchangeAbi,
            functionName: 'getPendingFundingPayment',
            args,
            ...at,
          }),
        ])
        const position = positions.find((p) => p.kind === 'perp' && p.key === lower(baseToken))
        expect(position?.amount ?? 0n).toBe(size)
        if (position) {
          expect(position.extra.openNotional).toBe(notional.toString())
          expect(position.extra.pendingFunding).toBe(funding.toString())
          open++
        }
      }
    }
    expect(open).toBeGreaterThanOrEqual(3) // cross-chain short ETH, long BTC, perp-and-options long ETH
  })

  test('toCore maps the cross-chain hedge to a 10 ETH short with an entry price near the 3,000 index', async () => {
    const ctx = await context()
    const blockNumber = await devnet.client(ctx.chainId).getBlockNumber()
    const positions = await readPerp(ctx, devnet.wallet('cross-chain'), blockNumber)
    const core = positions.map((position) => perpAdapter.toCore({ context: ctx, position, blockNumber }))
    const short = core.find((p) => p.kind === 'perp' && p.asset === 'ETH')
    if (short?.kind !== 'perp') throw new Error('no ETH perp')
    expect(short.amount).toBe(-parseEther('10'))
    const entry = Number(short.entryPrice.value / 10n ** 14n) / 1e4
    expect(entry).toBeGreaterThan(2900)
    expect(entry).toBeLessThan(3100)
    expect(core.find((p) => p.kind === 'spot')?.asset).toBe('USDC')
  })

  test('walletsOf() finds the trader in the logs of a vault deposit', async () => {
    const ctx = await context()
    const signer = devnet.signer(ctx.chainId, 'empty')
    const me = signer.account.address
    await signer.setBalance({ address: me, value: parseEther('1') })
    const usdc = ctx.venue.settlementToken
    await signer.writeContract({ address: usdc, abi: mintAbi, functionName: 'mint', args: [me, 500_000000n] })
    await signer.writeContract({
      address: usdc,
      abi: erc20Abi,
      functionName: 'approve',
      args: [ctx.venue.vault, maxUint256],
    })
    const deposit = parseAbi(['function deposit(address token, uint256 amount)'])
    const hash = await signer.writeContract({
      address: ctx.venue.vault,
      abi: deposit,
      functionName: 'deposit',
      args: [usdc, 500_000000n],
    })
    const { logs, blockNumber } = await signer.waitForTransactionReceipt({ hash })
    const filter = perpAdapter.logFilter(ctx)
    const mine = logs.filter((log) => filter.address.includes(lower(log.address)))
    expect(mine.flatMap((log) => perpAdapter.walletsOf(log))).toEqual([lower(me)])
    const positions = await readPerp(ctx, me, blockNumber)
    expect(positions.map((p) => [p.kind, p.amount])).toEqual([['spot', 500_000000n]])
  })
})

describe('perpDefinition', () => {
  test("binds each market's virtual pool the spec names, and refuses one its MarketRegistry does not list", async () => {
    if (!perpChain) throw new Error('the devnet has no Perp v2')
    const markets = perpChain.venues?.perp?.markets
    if (!markets) throw new Error('no Perp v2 markets in the manifest')
    expect((await context()).venue.markets).toEqual(
      Object.entries(markets).map(([symbol, m]) => ({
        symbol,
        baseToken: lower(m.baseToken),
        pool: lower(m.pool),
      })),
    )
    const assets = new Map(
      perpChain.tokens.map((t) => [
        lower(t.address),
        { address: lower(t.address), symbol: t.symbol, decimals: t.decimals },
      ]),
    )
    const swapped = { ETH: { ...markets.ETH, pool: markets.BTC.pool }, BTC: markets.BTC }
    await expect(
      perpDefinition.fromSpec({
        spec: { ...perpChain, venues: { perp: { markets: swapped } } },
        assets,
        client: () => devnet.client(perpChain.chainId),
      }),
    ).rejects.toThrow(`Perp v2's ETH market names pool ${markets.BTC.pool}, but its MarketRegistry lists`)
  })
})
