import { type Address, createTestClient, erc20Abi, http, maxUint256, parseAbi, parseEther } from 'viem'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { aavePoolAbi } from '../src/aave/aave-abis.js'
import { revertSnapshot } from '../src/actions/revert-snapshot.js'
import { shockPrice } from '../src/actions/shock-price.js'
import type { DevnetClient } from '../src/chain/client.js'
import { createDevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { loadProjectArtifact } from '../src/deploy/artifacts.js'
import { confirmTx } from '../src/deploy/confirm-tx.js'
import type { ManifestWallet } from '../src/manifest.js'
import { manifestChain, manifestToken } from '../src/manifest.js'
import { CASCADE_LENDER_INDEX, cascadeWalletSpecs } from '../src/seed/cascade-wallets.js'
import { approve, mintTo } from '../src/seed/token-actions.js'
import { type Devnet, startDevnet } from '../src/start-devnet.js'
import { uniswapV3Abi } from '../src/uniswap/uniswap-periphery.js'

const slot0Abi = parseAbi([
  'function slot0() view returns (uint160 sqrtPriceX96, int24 tick, uint16, uint16, uint16, uint8, bool)',
])

/** sqrt(USDC per WETH in raw units)·2^96 for a WETH price in USD (WETH is token0, USDC token1). */
function sqrtPriceX96Of(price: number): bigint {
  const ratioX192 = (BigInt(Math.round(price * 1e6)) << 192n) / 10n ** 18n
  let x = ratioX192
  let next = (x + 1n) >> 1n
  while (next < x) {
    x = next
    next = (x + ratioX192 / x) >> 1n
  }
  return x
}

const balanceOf = (client: DevnetClient, token: Address) =>
  client.readContract({
    address: token,
    abi: erc20Abi,
    functionName: 'balanceOf',
    args: [client.account.address],
  })

const accountDataAbi = parseAbi([
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
])

let devnet: Devnet
let wallets: ManifestWallet[]

beforeAll(async () => {
  devnet = await startDevnet({ ports: 'free', cascadeWallets: true })
  wallets = devnet.manifest.cascadeWallets ?? []
  // a Morpho liquidation simulation needs the liquidator's USDC and approval
  const base = manifestChain(devnet.manifest, 8453)
  const lender = createDevnetClient({
    chainId: 8453,
    rpcUrl: base.rpcUrl,
    privateKey: anvilKey(CASCADE_LENDER_INDEX),
  })
  await mintTo(lender, manifestToken(base, 'USDC').address, 10n ** 12n)
  await approve(lender, manifestToken(base, 'USDC').address, base.contracts.morpho as Address, 10n ** 12n)
}, 180_000)
afterAll(async () => {
  await devnet?.stop()
})

// each test starts from the seeded devnet (prices and positions), as useDevnetSnapshots does for the shared one
let snapshots: { client: ReturnType<typeof createTestClient>; id: `0x${string}` }[] = []
beforeEach(async () => {
  snapshots = await Promise.all(
    devnet.manifest.chains.map(async (chain) => {
      const client = createTestClient({ mode: 'anvil', transport: http(chain.rpcUrl), cacheTime: 0 })
      return { client, id: await client.snapshot() }
    }),
  )
})
afterEach(async () => {
  await Promise.all(snapshots.map(({ client, id }) => revertSnapshot({ client, id })))
})

/** Wallet names liquidatable now by each venue's own contract (Aave health < 1; Morpho `liquidate` not refused). */
async function liquidatable(): Promise<{ names: string[]; fullyClosable: string[] }> {
  const names: string[] = []
  const fullyClosable: string[] = []
  for (const spec of cascadeWalletSpecs) {
    const chain = manifestChain(devnet.manifest, spec.chainId)
    const wallet = wallets.find((w) => w.name === spec.name) as ManifestWallet
    const lender = createDevnetClient({
      chainId: chain.chainId,
      rpcUrl: chain.rpcUrl,
      privateKey: anvilKey(CASCADE_LENDER_INDEX),
    })
    if (spec.venue === 'aave-v3') {
      const data = await lender.readContract({
        address: chain.contracts.aavePool as Address,
        abi: accountDataAbi,
        functionName: 'getUserAccountData',
        args: [wallet.address],
      })
      if (data[5] < 10n ** 18n) names.push(spec.name)
      if (data[5] < 95n * 10n ** 16n) fullyClosable.push(spec.name)
    } else {
      const market = chain.morphoMarkets?.[0]
      if (!market) throw new Error('no Morpho market')
      const params = {
        loanToken: market.loanToken,
        collateralToken: market.collateralToken,
        oracle: market.oracle,
        irm: market.irm,
        lltv: BigInt(market.lltv),
      }
      try {
        await lender.simulateContract({
          address: chain.contracts.morpho as Address,
          abi: loadProjectArtifact('Morpho').abi,
          functionName: 'liquidate',
          args: [params, wallet.address, 10n ** 15n, 0n, '0x'],
        })
        names.push(spec.name)
      } catch (error) {
        expect(String(error)).toContain('position is healthy')
      }
    }
  }
  return { names: names.sort(), fullyClosable: fullyClosable.sort() }
}

const namesAtOrBelow = (dropBps: number) =>
  cascadeWalletSpecs
    .filter((s) => s.liquidationDropBps <= dropBps)
    .map((s) => s.name)
    .sort()

describe('cascade wallets (opt-in)', () => {
  test('36 deterministic wallets on Aave (ethereum, arbitrum) and Morpho (base), none liquidatable at seeded prices', async () => {
    expect(wallets).toHaveLength(36)
    expect(new Set(wallets.map((w) => w.address)).size).toBe(36)
    for (const chainId of [1, 42161, 8453])
      expect(wallets.filter((w) => w.name.startsWith(`cascade-${chainId}-`))).toHaveLength(12)
    expect((await liquidatable()).names).toEqual([])
  })

  test('−25% ETH: the first six rungs of every venue are liquidatable (two in full on Aave: health below 0.95), the next six are not yet', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -25 })
    const { names, fullyClosable } = await liquidatable()
    expect(names).toEqual(namesAtOrBelow(2500))
    expect(names).toHaveLength(18)
    expect(fullyClosable).toEqual(namesAtOrBelow(2000).filter((n) => !n.startsWith('cascade-8453-')))
  })

  test('on chain: liquidating ethereum’s first round and selling the seized WETH into the pool moves ETH to the next rungs', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -25 })
    const chain = manifestChain(devnet.manifest, 1)
    const liquidator = createDevnetClient({ chainId: 1, rpcUrl: chain.rpcUrl, privateKey: anvilKey(14) })
    const weth = manifestToken(chain, 'WETH').address
    const usdc = manifestToken(chain, 'USDC').address
    const aavePool = chain.contracts.aavePool as Address
    const router = chain.contracts.uniswapV3SwapRouter as Address
    const pool = chain.uniswapV3Pools?.find((p) => p.baseSymbol === 'WETH')
    if (!pool || pool.token0 !== weth) throw new Error('no WETH/USDC pool with WETH as token0')
    const sell = async (amountIn: bigint, sqrtPriceLimitX96: bigint) =>
      confirmTx(
        liquidator,
        'sell WETH',
        liquidator.writeContract({
          address: router,
          abi: uniswapV3Abi,
          functionName: 'exactInputSingle',
          args: [
            {
              tokenIn: weth,
              tokenOut: usdc,
              fee: pool.fee,
              recipient: liquidator.account.address,
              deadline: maxUint256,
              amountIn,
              amountOutMinimum: 0n,
              sqrtPriceLimitX96,
            },
          ],
        }),
      )
    const poolPrice = async () => {
      const [sqrtPriceX96] = await liquidator.readContract({
        address: pool.address,
        abi: slot0Abi,
        functionName: 'slot0',
      })
      return (Number(sqrtPriceX96) / 2 ** 96) ** 2 * 1e12
    }
    // arbitrage brings the pool to the shocked oracle price (2,250) before the liquidations
    await mintTo(liquidator, weth, parseEther('100000'))
    await approve(liquidator, weth, router, maxUint256)
    await sell(parseEther('100000'), sqrtPriceX96Of(2250))
    expect(await poolPrice()).toBeCloseTo(2250, 0)
    const heldBefore = await balanceOf(liquidator, weth)

    // round 1: Aave's own liquidationCall on every liquidatable wallet of the chain (close factor as Aave applies it)
    await mintTo(liquidator, usdc, 10n ** 13n)
    await approve(liquidator, usdc, aavePool, maxUint256)
    const firstRound = (await liquidatable()).names.filter((n) => n.startsWith('cascade-1-'))
    expect(firstRound).toEqual(namesAtOrBelow(2500).filter((n) => n.startsWith('cascade-1-')))
    for (const name of firstRound) {
      const wallet = wallets.find((w) => w.name === name) as ManifestWallet
      await confirmTx(
        liquidator,
        `liquidate ${name}`,
        liquidator.writeContract({
          address: aavePool,
          abi: aavePoolAbi,
          functionName: 'liquidationCall',
          args: [weth, usdc, wallet.address, maxUint256, false],
        }),
      )
    }
    const seized = (await balanceOf(liquidator, weth)) - heldBefore
    expect(Number(seized) / 1e18).toBeGreaterThan(250)

    // the liquidator sells what it seized; the oracle follows the pool (arbitrage the other way round)
    await sell(seized, 0n)
    const after = await poolPrice()
    expect(after).toBeLessThan(2250 * (1 - 0.0055)) // past the 25.5% rung
    await shockPrice(devnet.manifest, { symbol: 'WETH', price: after.toFixed(2) })
    const { names } = await liquidatable()
    const secondRound = names.filter((n) => !namesAtOrBelow(2500).includes(n))
    expect(secondRound.length).toBeGreaterThanOrEqual(3) // the 25.5% rung at least, on every venue
    expect(secondRound).toContain('cascade-1-07')
  })

  test('at ETH −29% (2,130) the first nine rungs of every venue are liquidatable', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', price: '2130' })
    const { names } = await liquidatable()
    expect(names).toEqual(namesAtOrBelow(2800))
  })
})
