import { readUniswapV3Pool, storedPoolPriceRange } from '@xmargin/adapters'
import {
  anvilKey,
  createDevnetClient,
  depositPerpCollateral,
  manifestChain,
  manifestPerp,
  openPerpPosition,
  UNISWAP_LIQUIDITY_INDEX,
  uniswapV3Abi,
} from '@xmargin/devnet'
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

const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

/** Sells ten whole tokens of the first pool's token0 through the devnet's SwapRouter (its price moves). */
async function sellToken0(chainId: number) {
  const chain = manifestChain(manifest, chainId)
  const pool = chain.uniswapV3Pools?.[0]
  const router = chain.contracts.uniswapV3SwapRouter
  const token = chain.tokens.find((t) => t.address.toLowerCase() === pool?.token0.toLowerCase())
  if (!pool || !router || !token) throw new Error(`no pool, router or token0 on chain ${chainId}`)
  const amount = 10n * 10n ** BigInt(token.decimals)
  const trader = createDevnetClient({
    chainId,
    rpcUrl: chain.rpcUrl,
    privateKey: anvilKey(UNISWAP_LIQUIDITY_INDEX),
  })
  const send = async (hash: Promise<`0x${string}`>) =>
    trader.waitForTransactionReceipt({ hash: await hash, pollingInterval: 20 })
  const me = trader.account.address
  await send(
    trader.writeContract({ address: pool.token0, abi: mintAbi, functionName: 'mint', args: [me, amount] }),
  )
  await send(
    trader.writeContract({
      address: pool.token0,
      abi: erc20Abi,
      functionName: 'approve',
      args: [router, amount],
    }),
  )
  await send(
    trader.writeContract({
      address: router,
      abi: uniswapV3Abi,
      functionName: 'exactInputSingle',
      args: [
        {
          tokenIn: pool.token0,
          tokenOut: pool.token1,
          fee: pool.fee,
          recipient: me,
          deadline: maxUint256,
          amountIn: amount,
          amountOutMinimum: 0n,
          sqrtPriceLimitX96: 0n,
        },
      ],
    }),
  )
}

describe('Uniswap v3 pool states in the store', () => {
  test('the state stored at a block equals a direct read of the pool pinned to that block, before and after a swap', async () => {
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const direct = async (chainId: number, pool: `0x${string}`, blockNumber: number) =>
      readUniswapV3Pool({
        client: fixture!.clients.get(chainId)!,
        blockNumber: BigInt(blockNumber),
        pool,
        priceRange: storedPoolPriceRange,
      })
    const tipOf = async (chainId: number) => {
      const tip = await fixture!.store.getTip({ chainId })
      if (!tip) throw new Error(`nothing stored on chain ${chainId}`)
      return tip.number
    }
    const withPools = manifest.chains.filter((c) => (c.uniswapV3Pools ?? []).length > 0)
    expect(withPools.map((c) => c.chainId).sort()).toEqual([1, 42161])
    // Arbitrum's Perp v2 markets name their virtual pools: those are stored beside its Uniswap pools
    const virtualPools = Object.values(manifestChain(manifest, 42161).venues?.perp?.markets ?? {}).map((m) =>
      m.pool.toLowerCase(),
    )
    expect(virtualPools).toHaveLength(2)
    for (const chain of withPools) {
      const tip = await tipOf(chain.chainId)
      const stored = await fixture.store.getPoolStates({ chainIds: [chain.chainId] })
      const pools = [
        ...(chain.uniswapV3Pools ?? []).map((p) => p.address.toLowerCase()),
        ...(chain.chainId === 42161 ? virtualPools : []),
      ].sort()
      expect(stored.map((s) => s.pool)).toEqual(pools)
      for (const { pool, state } of stored) expect(state).toEqual(await direct(chain.chainId, pool, tip))
    }
    // chains without a pool store none
    expect((await fixture.store.getPoolStates()).every((s) => s.chainId !== 8453)).toBe(true)

    const before = await tipOf(1)
    const pool = manifestChain(manifest, 1).uniswapV3Pools![0]!.address.toLowerCase() as `0x${string}`
    const [old] = await fixture.store.getPoolStates({ chainIds: [1] })
    await sellToken0(1)
    await fixture.indexer.syncToHead()
    const after = await tipOf(1)
    const [moved] = (await fixture.store.getPoolStates({ chainIds: [1] })).filter((s) => s.pool === pool)
    expect(moved?.state).toEqual(await direct(1, pool, after))
    expect(moved?.state.sqrtPriceX96).not.toBe(old?.state.sqrtPriceX96)
    // the state as of the earlier block is still the one read there
    const [asOf] = (await fixture.store.getPoolStates({ at: [{ chainId: 1, blockNumber: before }] })).filter(
      (s) => s.pool === pool && s.chainId === 1,
    )
    expect(asOf?.state).toEqual(await direct(1, pool, before))
  })

  test('a Perp v2 trade moves the ETH virtual pool: the state stored at the new block equals a pinned read', async () => {
    fixture = await createIndexerFixture(manifest)
    await fixture.indexer.syncToHead()
    const chain = manifestChain(manifest, 42161)
    const perp = manifestPerp(chain)
    const pool = perp.markets.ETH.pool.toLowerCase() as `0x${string}`
    const stored = async () =>
      (await fixture!.store.getPoolStates({ chainIds: [42161] })).find((s) => s.pool === pool)
    const old = await stored()
    const trader = createDevnetClient({ chainId: 42161, rpcUrl: chain.rpcUrl, privateKey: anvilKey(17) })
    await depositPerpCollateral(trader, perp, { amount: 100_000n * 10n ** 6n, mint: true })
    await openPerpPosition(trader, perp, {
      symbol: 'ETH',
      side: 'long',
      amount: 10n ** 18n,
      amountIn: 'base',
    })
    await fixture.indexer.syncToHead()
    const tip = await fixture.store.getTip({ chainId: 42161 })
    const moved = await stored()
    expect(moved?.state.sqrtPriceX96).toBeGreaterThan(old?.state.sqrtPriceX96 ?? 0n)
    expect(moved?.state).toEqual(
      await readUniswapV3Pool({
        client: fixture.clients.get(42161)!,
        blockNumber: BigInt(tip!.number),
        pool,
        priceRange: storedPoolPriceRange,
      }),
    )
  })
})
