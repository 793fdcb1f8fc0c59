import { perpExchangeAbi } from '@xmargin/adapters'
import { createDevnetClient, manifestChain, manifestPerp, shockPrice } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { erc20Abi, maxUint256, parseAbi } from 'viem'
import { afterEach, describe, expect, inject, test } from 'vitest'
import { createIndexerFixture, type IndexerFixture } from './support/indexer-fixture.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)
let fixture: IndexerFixture | undefined
afterEach(async () => {
  await fixture?.close()
  fixture = undefined
})

const CHAIN = 8453
const marketParams = '(address loanToken, address collateralToken, address oracle, address irm, uint256 lltv)'
const morphoRepay = parseAbi([
  `function repay(${marketParams} marketParams, uint256 assets, uint256 shares, address onBehalf, bytes data) returns (uint256, uint256)`,
])
const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

describe('interest between events', () => {
  test('a Morpho debt indexed in a block without Morpho events is what a full repay in that block takes', async () => {
    fixture = await createIndexerFixture(manifest)
    const chain = manifestChain(manifest, CHAIN)
    const morpho = chain.contracts.morpho
    const market = chain.morphoMarkets?.[0]
    if (!morpho || !market) throw new Error('no Morpho market on the devnet')
    const borrower = manifest.wallets.find((w) => w.name === 'cross-chain')
    if (!borrower) throw new Error('no cross-chain wallet')
    // Give the borrower enough loan tokens to repay with interest (read back by the simulation).
    const signer = createDevnetClient({
      chainId: CHAIN,
      rpcUrl: chain.rpcUrl,
      privateKey: borrower.privateKey,
    })
    for (const request of [
      { address: market.loanToken, abi: mintAbi, functionName: 'mint', args: [borrower.address, 10n ** 12n] },
      { address: market.loanToken, abi: erc20Abi, functionName: 'approve', args: [morpho, maxUint256] },
    ] as const) {
      await signer.waitForTransactionReceipt({ hash: await signer.writeContract(request as never) })
    }
    await fixture.indexer.syncToHead()
    // Thirty days pass; the next block has no event for anyone.
    await signer.request({ method: 'evm_increaseTime', params: [30 * 24 * 3600] } as never)
    await signer.request({ method: 'evm_mine', params: [] } as never)
    const result = await fixture.indexer.step(CHAIN)
    expect(result.kind).toBe('blocks')
    const processed = result.kind === 'blocks' ? result.processed : []
    expect(processed.at(-1)?.touched).toBe(0) // revalued from the block's shared state, no wallet re-read
    const tip = await fixture.store.getTip({ chainId: CHAIN })
    const stored = await fixture.store.getPositions({
      wallets: [borrower.address.toLowerCase() as `0x${string}`],
      chainIds: [CHAIN],
    })
    const debt = stored.find((p) => p.venue === 'morpho-blue' && p.kind === 'debt')
    if (!debt || !tip) throw new Error('no indexed Morpho debt')
    const { result: repaid } = await fixture.clients.get(CHAIN)!.simulateContract({
      account: borrower.address,
      address: morpho,
      abi: morphoRepay,
      functionName: 'repay',
      args: [
        {
          loanToken: market.loanToken,
          collateralToken: market.collateralToken,
          oracle: market.oracle,
          irm: market.irm,
          lltv: BigInt(market.lltv),
        },
        0n,
        BigInt(debt.extra.shares as string),
        borrower.address,
        '0x',
      ],
      blockNumber: BigInt(tip.number),
    })
    expect(debt.amount).toBe(repaid[0])
    expect(debt.amount).toBeGreaterThan(1500_000000n) // the seeded 1,500 USDC and a month of interest
  })

  test("a Perp position's funding indexed in a block without Perp events is what the exchange owes at that block", async () => {
    fixture = await createIndexerFixture(manifest)
    const chainId = 42161
    const chain = manifestChain(manifest, chainId)
    const perp = manifestPerp(chain)
    const trader = manifest.wallets.find((w) => w.name === 'cross-chain')
    if (!trader) throw new Error('no cross-chain wallet')
    const wallet = trader.address.toLowerCase() as `0x${string}`
    // The index drops 10% and Perp's pool does not follow: the mark's premium is what funding pays.
    await shockPrice(manifest, { symbol: 'WETH', percent: -10 })
    await fixture.indexer.syncToHead()
    const fundingOf = async () => {
      const stored = await fixture!.store.getPositions({ wallets: [wallet], chainIds: [chainId] })
      const position = stored.find((p) => p.venue === 'perp' && p.kind === 'perp')
      if (!position) throw new Error('no indexed Perp position for the cross-chain wallet')
      return { key: position.key as `0x${string}`, funding: BigInt(position.extra.pendingFunding as string) }
    }
    const before = await fundingOf()
    // An hour passes; the next block has no event for anyone, so no log names the trader.
    const client = fixture.clients.get(chainId)!
    await client.request({ method: 'evm_increaseTime', params: [3600] } as never)
    await client.request({ method: 'evm_mine', params: [] } as never)
    const result = await fixture.indexer.step(chainId)
    expect(result.kind).toBe('blocks')
    const processed = result.kind === 'blocks' ? result.processed : []
    expect(processed.at(-1)?.read.has(wallet)).toBe(true) // re-read for its perp, not for an event
    const tip = await fixture.store.getTip({ chainId })
    const owed = await client.readContract({
      address: perp.exchange,
      abi: perpExchangeAbi,
      functionName: 'getPendingFundingPayment',
      args: [trader.address, before.key],
      blockNumber: BigInt(tip!.number),
    })
    const after = await fundingOf()
    expect(after.funding).toBe(owed)
    expect(after.funding).not.toBe(before.funding) // an hour of funding moved it
  })
})
