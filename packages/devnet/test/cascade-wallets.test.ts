import { type Address, parseAbi } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { shockPrice } from '../src/actions/shock-price.js'
import { createDevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { loadProjectArtifact } from '../src/deploy/artifacts.js'
import type { ManifestWallet } from '../src/manifest.js'
import { manifestChain, manifestToken } from '../src/manifest.js'
import { CASCADE_LENDER_INDEX, cascadeWalletSpecs } from '../src/seed/cascade-wallets.js'
import { approve, mintTo } from '../src/seed/token-actions.js'
import { type Devnet, startDevnet } from '../src/start-devnet.js'

const aavePoolAbi = parseAbi([
  'function getUserAccountData(address user) view returns (uint256 totalCollateralBase, uint256 totalDebtBase, uint256 availableBorrowsBase, uint256 currentLiquidationThreshold, uint256 ltv, uint256 healthFactor)',
])

let devnet: Devnet
let wallets: ManifestWallet[]

beforeAll(async () => {
  devnet = await startDevnet({ ports: 'free', cascadeWallets: true })
  wallets = devnet.manifest.cascadeWallets ?? []
}, 180_000)
afterAll(async () => {
  await devnet?.stop()
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
        abi: aavePoolAbi,
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
    // a Morpho liquidation simulation needs the liquidator's USDC and approval
    const base = manifestChain(devnet.manifest, 8453)
    const lender = createDevnetClient({
      chainId: 8453,
      rpcUrl: base.rpcUrl,
      privateKey: anvilKey(CASCADE_LENDER_INDEX),
    })
    await mintTo(lender, manifestToken(base, 'USDC').address, 10n ** 12n)
    await approve(lender, manifestToken(base, 'USDC').address, base.contracts.morpho as Address, 10n ** 12n)
    expect((await liquidatable()).names).toEqual([])
  })

  test('−25% ETH: the first six rungs of every venue are liquidatable (two in full on Aave: health below 0.95), the next six are not yet', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -25 })
    const { names, fullyClosable } = await liquidatable()
    expect(names).toEqual(namesAtOrBelow(2500))
    expect(names).toHaveLength(18)
    expect(fullyClosable).toEqual(namesAtOrBelow(2000).filter((n) => !n.startsWith('cascade-8453-')))
  })

  test('a further 5.33% fall (the first round’s forced sales) reaches the next rungs: a second round', async () => {
    await shockPrice(devnet.manifest, { symbol: 'WETH', percent: -5.33 }) // 2,250 → 2,130.08: ETH −29.0%
    const { names } = await liquidatable()
    expect(names).toEqual(namesAtOrBelow(2800))
    expect(names.length - 18).toBe(12)
  })
})
