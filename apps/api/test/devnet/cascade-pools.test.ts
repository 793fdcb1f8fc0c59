import '@xmargin/devnet/vitest/global-setup'
import {
  type DevnetManifest,
  manifestChain,
  manifestToken,
  revertSnapshot,
  seedCascadeWallets,
  uniswapV3Abi,
} from '@xmargin/devnet'
import { createTestClient, getAddress, http } from 'viem'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { apiChainFromSpec } from '../../src/chain-from-spec.js'
import { type DevnetApiFixture, startDevnetApi } from '../support/devnet-fixture.js'
import { gql } from '../support/graphql-client.js'

const base = inject('devnetManifest')

const CASCADE = `query {
  cascade(all: true, shocks: [{ factor: "ETH", spot: "-0.25" }], maxRounds: 1) {
    reasons
    blocks { chainId blockNumber }
    markets { kind factor asset chainId pool poolBlock quote twoPercentDepthUsd feePips depth }
    rounds { sales { factor amountIn amountOut } }
  }
}`
type Cascade = {
  cascade: {
    reasons: string[]
    blocks: { chainId: number; blockNumber: string }[]
    markets: {
      kind: 'UNISWAP_V3' | 'DEPTH_CURVE'
      factor: string
      asset: string
      chainId: number | null
      pool: string | null
      poolBlock: string | null
      quote: string
      twoPercentDepthUsd: string | null
      feePips: number
      depth: string | null
    }[]
    rounds: { sales: { factor: string; amountIn: string; amountOut: string }[] }[]
  }
}

describe('the cascade sells into the Uniswap v3 pool stored at the cut (issue 15)', () => {
  let f: DevnetApiFixture
  let manifest: DevnetManifest
  const snapshots = new Map<string, `0x${string}`>()
  const testClients = base.chains.map((c) => ({
    chain: c,
    client: createTestClient({ mode: 'anvil', transport: http(c.rpcUrl), cacheTime: 0 }),
  }))

  beforeAll(async () => {
    for (const { chain, client } of testClients) snapshots.set(chain.rpcUrl, await client.snapshot())
    // The devnet's cascade wallets: a −25% ETH move liquidates a few dozen accounts in round 1.
    const cascadeWallets = await seedCascadeWallets(base)
    manifest = { ...base, wallets: [...base.wallets, ...cascadeWallets], cascadeWallets }
    f = await startDevnetApi(manifest)
  })
  afterAll(async () => {
    await f?.close()
    for (const { chain, client } of testClients)
      await revertSnapshot({ client, id: snapshots.get(chain.rpcUrl)! })
  })

  it("round 1's ETH sale is paid exactly what QuoterV2 quotes on the pool's chain at the cut block, to the wei", async () => {
    const res = await gql<Cascade>(f.url, CASCADE)
    expect(res.errors).toBeUndefined()
    const cascade = res.data!.cascade
    expect(cascade.reasons).toEqual([])
    const eth = cascade.markets.find((m) => m.factor === 'ETH')
    expect(eth).toMatchObject({ kind: 'UNISWAP_V3', asset: 'WETH', quote: 'USDC', twoPercentDepthUsd: null })
    const chain = manifestChain(manifest, eth!.chainId!)
    const pool = chain.uniswapV3Pools!.find((p) => p.baseSymbol === 'WETH')!
    expect(eth!.pool).toBe(getAddress(pool.address))
    expect(eth!.feePips).toBe(pool.fee)
    const cut = BigInt(cascade.blocks.find((b) => b.chainId === chain.chainId)!.blockNumber)
    expect(BigInt(eth!.poolBlock!)).toBeLessThanOrEqual(cut)

    const sale = cascade.rounds[0]!.sales.find((s) => s.factor === 'ETH')!
    expect(BigInt(sale.amountIn)).toBeGreaterThan(0n)
    const { result } = await f.clients.get(chain.chainId)!.simulateContract({
      address: chain.contracts.uniswapV3QuoterV2!,
      abi: uniswapV3Abi,
      functionName: 'quoteExactInputSingle',
      args: [
        {
          tokenIn: manifestToken(chain, 'WETH').address,
          tokenOut: manifestToken(chain, 'USDC').address,
          amountIn: BigInt(sale.amountIn),
          fee: pool.fee,
          sqrtPriceLimitX96: 0n,
        },
      ],
      blockNumber: cut,
    })
    expect(BigInt(sale.amountOut)).toBe(result[0])
  })

  it('a server whose chain specs list no pool sells into the configured depth curve, and names it', async () => {
    const chains = manifest.chains.map((spec) => apiChainFromSpec({ spec: { ...spec, uniswapV3Pools: [] } }))
    const { url } = await f.startApi({ chains })
    const res = await gql<Cascade>(url, CASCADE)
    expect(res.errors).toBeUndefined()
    const eth = res.data!.cascade.markets.find((m) => m.factor === 'ETH')
    expect(eth).toMatchObject({ kind: 'DEPTH_CURVE', asset: 'WETH', chainId: null, pool: null, quote: 'USD' })
    expect(Number(eth!.twoPercentDepthUsd)).toBeGreaterThan(0)
  })

  it('a depth curve given in the request wins over the stored pool', async () => {
    const query = CASCADE.replace(
      'maxRounds: 1)',
      'maxRounds: 1, impact: [{ asset: "WETH", twoPercentDepthUsd: "20000000" }])',
    )
    const res = await gql<Cascade>(f.url, query)
    expect(res.errors).toBeUndefined()
    const markets = res.data!.cascade.markets
    expect(markets.find((m) => m.factor === 'ETH')).toMatchObject({
      kind: 'DEPTH_CURVE',
      twoPercentDepthUsd: '20000000.000000',
    })
  })
})
