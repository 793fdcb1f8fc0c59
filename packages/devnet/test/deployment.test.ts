import { createPublicClient, erc20Abi, formatUnits, http, type PublicClient, parseAbi } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { aaveOracleAbi, aavePoolAbi } from '../src/aave/aave-abis.js'
import { devnetFeedAbi } from '../src/actions/feed-abi.js'
import { devnetTokens } from '../src/config.js'
import { MULTICALL3_ADDRESS } from '../src/deploy/deploy-multicall3.js'
import { type ManifestChain, manifestChain, manifestToken } from '../src/manifest.js'

const manifest = inject('devnetManifest')
const clientOf = (chain: ManifestChain): PublicClient =>
  createPublicClient({ transport: http(chain.rpcUrl), cacheTime: 0 }) as PublicClient
const wallet = (name: string) => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no wallet ${name}`)
  return found.address
}

describe('devnet deployment', () => {
  test('serves chains 1, 42161 and 8453 with the ids the manifest names', async () => {
    expect(manifest.chains.map((c) => c.chainId).sort((a, b) => a - b)).toEqual([1, 8453, 42161])
    for (const chain of manifest.chains) expect(await clientOf(chain).getChainId()).toBe(chain.chainId)
  })

  test('opens no cascade wallets unless asked (--cascade-wallets)', () => {
    expect(manifest.cascadeWallets).toBeUndefined()
  })

  test('every manifest address has code', async () => {
    for (const chain of manifest.chains) {
      const client = clientOf(chain)
      const addresses = [
        ...Object.values(chain.contracts),
        ...chain.tokens.flatMap((t) => [t.address, t.feed]),
        ...(chain.morphoMarkets ?? []).flatMap((m) => [m.oracle, m.irm]),
        ...(chain.uniswapV3Pools ?? []).map((p) => p.address),
      ]
      for (const address of addresses) {
        const code = await client.getCode({ address: address as `0x${string}` })
        expect(code && code.length > 2, `${address} on chain ${chain.chainId}`).toBe(true)
      }
    }
  })

  test('Multicall3 answers at its canonical address (viem multicall goes through it)', async () => {
    const chain = manifestChain(manifest, 1)
    expect(chain.contracts.multicall3).toBe(MULTICALL3_ADDRESS)
    const client = clientOf(chain)
    const [weth, usdc] = [manifestToken(chain, 'WETH'), manifestToken(chain, 'USDC')]
    const results = await client.multicall({
      contracts: [
        { address: weth.address, abi: erc20Abi, functionName: 'decimals' },
        { address: usdc.address, abi: erc20Abi, functionName: 'decimals' },
      ],
      multicallAddress: MULTICALL3_ADDRESS,
      allowFailure: false,
    })
    expect(results).toEqual([18, 6])
  })

  test('tokens carry real decimals and USDC.e exists only on arbitrum', async () => {
    for (const chain of manifest.chains) {
      for (const token of chain.tokens) {
        const spec = devnetTokens.find((t) => t.symbol === token.symbol)
        const decimals = await clientOf(chain).readContract({
          address: token.address,
          abi: erc20Abi,
          functionName: 'decimals',
        })
        expect(decimals).toBe(spec?.decimals)
        expect(token.decimals).toBe(spec?.decimals)
      }
      expect(chain.tokens.some((t) => t.symbol === 'USDC.e')).toBe(chain.chainId === 42161)
    }
  })

  test('the manifest carries each feed heartbeat: 1 h for crypto, 24 h for stablecoins, 1 h for implied vols', () => {
    const heartbeats = new Map(
      manifest.chains.flatMap((chain) => chain.tokens.map((t) => [t.symbol, t.heartbeatSeconds])),
    )
    expect(Object.fromEntries(heartbeats)).toEqual({
      WETH: 3_600,
      WBTC: 3_600,
      wstETH: 3_600,
      USDC: 86_400,
      USDT: 86_400,
      'USDC.e': 86_400,
    })
    const vols = manifest.chains.flatMap((c) => c.venues?.options?.volatilityFeeds ?? [])
    expect(vols.length).toBeGreaterThan(0)
    expect(vols.every((v) => v.heartbeatSeconds === 3_600)).toBe(true)
  })

  test('feeds return the set prices with 8 decimals and a fresh updatedAt', async () => {
    for (const chain of manifest.chains) {
      const client = clientOf(chain)
      const block = await client.getBlock()
      for (const token of chain.tokens) {
        const spec = devnetTokens.find((t) => t.symbol === token.symbol)
        const [, answer, , updatedAt] = await client.readContract({
          address: token.feed,
          abi: devnetFeedAbi,
          functionName: 'latestRoundData',
        })
        expect(
          await client.readContract({ address: token.feed, abi: devnetFeedAbi, functionName: 'decimals' }),
        ).toBe(8)
        expect(Number(formatUnits(answer, 8))).toBe(spec?.priceUsd)
        // startDevnet re-posts every feed, so rounds are no older than the loaded state's last block.
        expect(block.timestamp - updatedAt).toBeLessThan(60n)
      }
    }
  })
})

describe('seeded Aave positions (getUserAccountData, base currency USD with 8 decimals)', () => {
  const account = async (chainId: number, name: string) => {
    const chain = manifestChain(manifest, chainId)
    const pool = chain.contracts.aavePool
    if (!pool) throw new Error(`no Aave on ${chainId}`)
    const [collateral, debt, , liquidationThreshold, ltv, healthFactor] = await clientOf(chain).readContract({
      address: pool,
      abi: aavePoolAbi,
      functionName: 'getUserAccountData',
      args: [wallet(name)],
    })
    return {
      collateral: Number(formatUnits(collateral, 8)),
      debt: Number(formatUnits(debt, 8)),
      liquidationThreshold,
      ltv,
      healthFactor: Number(formatUnits(healthFactor, 18)),
    }
  }
  // Interest accrues between seeding and now (supply and borrow indexes grow with time), so amounts
  // are compared to the seed's intent within 0.5%; the engine's differential test checks exactness.
  const near = (actual: number, expected: number) =>
    expect(Math.abs(actual / expected - 1)).toBeLessThan(0.005)

  test('cross-chain wallet: 10 WETH collateral on ethereum, no debt there', async () => {
    const a = await account(1, 'cross-chain')
    near(a.collateral, 10 * 3000) // 10 WETH x 3,000 USD
    expect(a.debt).toBe(0)
    expect(a.liquidationThreshold).toBe(8300n) // WETH alone: its own threshold
  })

  test('cross-chain wallet: 2 WETH against 4,000 USDC on arbitrum, health about 1.245', async () => {
    const a = await account(42161, 'cross-chain')
    near(a.collateral, 6000) // 2 x 3,000
    near(a.debt, 4000)
    near(a.healthFactor, (6000 * 0.83) / 4000) // = 1.245
  })

  test('near-liquidation wallet: health about 1.06', async () => {
    const a = await account(1, 'near-liquidation')
    near(a.collateral, 3000)
    near(a.debt, 2350)
    near(a.healthFactor, (3000 * 0.83) / 2350) // = 1.0596
    expect(a.healthFactor).toBeGreaterThan(1)
  })

  test('stablecoin-only wallet: 20,000 USDC supplied, no debt, and stablecoins in the wallet', async () => {
    const a = await account(1, 'stablecoin-only')
    near(a.collateral, 20000)
    expect(a.debt).toBe(0)
    for (const chain of manifest.chains) {
      const usdt = manifestToken(chain, 'USDT')
      const balance = await clientOf(chain).readContract({
        address: usdt.address,
        abi: erc20Abi,
        functionName: 'balanceOf',
        args: [wallet('stablecoin-only')],
      })
      expect(balance).toBe(5000n * 10n ** 6n)
    }
  })

  test('eMode loop: category 1 with its 95% threshold, health about 1.385', async () => {
    const chain = manifestChain(manifest, 1)
    const eMode = await clientOf(chain).readContract({
      address: chain.contracts.aavePool as `0x${string}`,
      abi: aavePoolAbi,
      functionName: 'getUserEMode',
      args: [wallet('emode-loop')],
    })
    expect(eMode).toBe(1n)
    const a = await account(1, 'emode-loop')
    expect(a.liquidationThreshold).toBe(9500n)
    near(a.collateral, 10 * 3500) // 10 wstETH x 3,500
    near(a.debt, 8 * 3000) // 8 WETH x 3,000
    near(a.healthFactor, (35000 * 0.95) / 24000) // = 1.385
  })

  test('empty wallet holds nothing: no Aave position and no native ETH', async () => {
    for (const chainId of [1, 42161]) {
      const a = await account(chainId, 'empty')
      expect(a.collateral).toBe(0)
      expect(a.debt).toBe(0)
    }
    for (const chain of manifest.chains)
      expect(await clientOf(chain).getBalance({ address: wallet('empty') })).toBe(0n)
  })
})

describe('seeded Morpho Blue position (base)', () => {
  test('cross-chain wallet: 1 WETH collateral and 1,500 USDC borrowed in the WETH/USDC market', async () => {
    const chain = manifestChain(manifest, 8453)
    const market = chain.morphoMarkets?.find((m) => m.collateralSymbol === 'WETH' && m.loanSymbol === 'USDC')
    if (!market || !chain.contracts.morpho) throw new Error('no Morpho WETH/USDC market')
    const abi = parseAbi([
      'function position(bytes32 id, address user) view returns (uint256 supplyShares, uint128 borrowShares, uint128 collateral)',
      'function market(bytes32 id) view returns (uint128 totalSupplyAssets, uint128 totalSupplyShares, uint128 totalBorrowAssets, uint128 totalBorrowShares, uint128 lastUpdate, uint128 fee)',
    ])
    const client = clientOf(chain)
    const [, borrowShares, collateral] = await client.readContract({
      address: chain.contracts.morpho,
      abi,
      functionName: 'position',
      args: [market.id, wallet('cross-chain')],
    })
    const [, , totalBorrowAssets, totalBorrowShares] = await client.readContract({
      address: chain.contracts.morpho,
      abi,
      functionName: 'market',
      args: [market.id],
    })
    expect(collateral).toBe(10n ** 18n)
    // Morpho rounds borrow shares up (toSharesUp); the only borrower's shares convert back to its assets.
    const assets = (borrowShares * (totalBorrowAssets + 1n)) / (totalBorrowShares + 10n ** 6n)
    expect(Number(formatUnits(assets, 6))).toBeCloseTo(1500, 0)
    expect(market.lltv).toBe('860000000000000000')
  })

  test('the market oracle prices 1 WETH at 3,000 USDC, scaled by 1e36 and the decimals', async () => {
    const chain = manifestChain(manifest, 8453)
    const market = chain.morphoMarkets?.[0]
    if (!market) throw new Error('no Morpho market')
    const price = await clientOf(chain).readContract({
      address: market.oracle,
      abi: parseAbi(['function price() view returns (uint256)']),
      functionName: 'price',
    })
    // 1e36 * 3000 * 10^6 / 10^18 = 3000e24
    expect(price).toBe(3000n * 10n ** 24n)
  })
})

describe('Aave oracle reads the feeds', () => {
  test('AaveOracle prices WETH at 3,000 USD on both Aave chains', async () => {
    for (const chainId of [1, 42161]) {
      const chain = manifestChain(manifest, chainId)
      const price = await clientOf(chain).readContract({
        address: chain.contracts.aaveOracle as `0x${string}`,
        abi: aaveOracleAbi,
        functionName: 'getAssetPrice',
        args: [manifestToken(chain, 'WETH').address],
      })
      expect(price).toBe(3000n * 10n ** 8n)
    }
  })
})
