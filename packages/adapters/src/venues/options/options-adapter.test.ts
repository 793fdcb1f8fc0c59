import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { type Address, erc20Abi, hexToString, maxUint256, parseEther } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext } from '../../adapter.js'
import { executeReads } from '../../read/execute-reads.js'
import { createDevnetFixture, mintAbi } from '../../testing/devnet-fixture.js'
import { lower } from '../position-id.js'
import { OPTION_TRADE_OPEN, optionsVenueAbi } from './options-abi.js'
import { optionsAdapter } from './options-adapter.js'
import type { OptionsVenue } from './options-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const optionsChain = devnet.manifest.chains.find((c) => c.contracts.optionsVenue !== undefined)

async function context(): Promise<AdapterContext<OptionsVenue>> {
  if (!optionsChain) throw new Error('the devnet has no options venue')
  const found = (await devnet.chainAdapters(optionsChain.chainId)).contexts.options
  if (!found) throw new Error('options venue not wired from the manifest')
  return found
}

async function readOptions(ctx: AdapterContext<OptionsVenue>, wallet: Address, blockNumber: bigint) {
  const { results } = await executeReads({
    client: devnet.client(ctx.chainId),
    blockNumber,
    calls: optionsAdapter.walletReads(ctx, wallet),
  })
  return optionsAdapter.decodeWallet({ context: ctx, shared: null, wallet, results })
}

describe('optionsAdapter', () => {
  test("decoded positions equal the venue's collateralOf and open getPositions for every seeded wallet", async () => {
    const ctx = await context()
    const client = devnet.client(ctx.chainId)
    const blockNumber = await client.getBlockNumber()
    let options = 0
    for (const { address: wallet } of devnet.manifest.wallets) {
      const positions = await readOptions(ctx, wallet, blockNumber)
      const at = { blockNumber }
      const collateral = await client.readContract({
        address: ctx.venue.venue,
        abi: optionsVenueAbi,
        functionName: 'collateralOf',
        args: [wallet],
        ...at,
      })
      const views = await client.readContract({
        address: ctx.venue.venue,
        abi: optionsVenueAbi,
        functionName: 'getPositions',
        args: [wallet],
        ...at,
      })
      const open = views.filter((v) => v.status === OPTION_TRADE_OPEN)
      expect(positions.find((p) => p.kind === 'spot')?.amount ?? 0n).toBe(collateral)
      const decoded = positions.filter((p) => p.kind === 'option')
      expect(
        decoded.map((p) => [
          p.key,
          p.amount,
          p.extra.strike,
          p.extra.expiry,
          p.extra.right,
          p.extra.underlying,
        ]),
      ).toEqual(
        open.map((v) => [
          `trade:${v.tradeId}`,
          v.size,
          v.strike.toString(),
          v.expiry.toString(),
          v.isCall ? 'call' : 'put',
          hexToString(v.underlying, { size: 32 }),
        ]),
      )
      options += decoded.length
    }
    expect(options).toBeGreaterThan(0)
  })

  test('toCore maps the short strangle to two written ETH options with 8-decimal strikes', async () => {
    const ctx = await context()
    const blockNumber = await devnet.client(ctx.chainId).getBlockNumber()
    const positions = await readOptions(ctx, devnet.wallet('short-strangle'), blockNumber)
    const core = positions.map((position) => optionsAdapter.toCore({ context: ctx, position, blockNumber }))
    const written = core.flatMap((p) =>
      p.kind === 'option' ? [[p.right, p.strike.value, p.amount, p.asset] as const] : [],
    )
    expect(written.sort()).toEqual([
      ['call', 3500_00000000n, -parseEther('2'), 'ETH'],
      ['put', 2500_00000000n, -parseEther('2'), 'ETH'],
    ])
    expect(core.find((p) => p.kind === 'spot')?.asset).toBe('USDC')
  })

  test('walletsOf() finds the depositor in the logs of a deposit', async () => {
    const ctx = await context()
    const signer = devnet.signer(ctx.chainId, 'empty')
    const me = signer.account.address
    await signer.setBalance({ address: me, value: parseEther('1') })
    const usdc = ctx.venue.collateralToken
    await signer.writeContract({ address: usdc, abi: mintAbi, functionName: 'mint', args: [me, 100_000000n] })
    await signer.writeContract({
      address: usdc,
      abi: erc20Abi,
      functionName: 'approve',
      args: [ctx.venue.venue, maxUint256],
    })
    const depositAbi = [
      {
        type: 'function',
        name: 'deposit',
        stateMutability: 'nonpayable',
        inputs: [{ name: 'amount', type: 'uint256' }],
        outputs: [],
      },
    ] as const
    const hash = await signer.writeContract({
      address: ctx.venue.venue,
      abi: depositAbi,
      functionName: 'deposit',
      args: [100_000000n],
    })
    const { logs, blockNumber } = await signer.waitForTransactionReceipt({ hash })
    const venueLogs = logs.filter((log) => lower(log.address) === ctx.venue.venue)
    expect(venueLogs.flatMap((log) => optionsAdapter.walletsOf(log))).toEqual([lower(me)])
    const positions = await readOptions(ctx, me, blockNumber)
    expect(positions).toEqual([
      { venue: 'options', wallet: lower(me), kind: 'spot', key: usdc, amount: 100_000000n, extra: {} },
    ])
  })
})
