import { type AaveV32FixtureReserve, deployAaveV32PoolFixture, manifestChain } from '@xmargin/devnet'
import { useDevnetSnapshots } from '@xmargin/devnet/vitest'
import { calculateAaveAccountData } from '@xmargin/engine'
import { type Address, parseEther, zeroAddress } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import type { AdapterContext, AssetInfo } from '../../adapter.js'
import { adaptersFromChainSpecs } from '../../config/adapters-from-chain-specs.js'
import { AaveEModeLayoutError } from '../../errors/adapter-errors.js'
import { rayMul } from '../../math/aave-math.js'
import { executeReads } from '../../read/execute-reads.js'
import { blockAt, createDevnetFixture } from '../../testing/devnet-fixture.js'
import { aaveV3AccountDataInput } from './aave-v3-account-data.js'
import { aaveV3Adapter } from './aave-v3-adapter.js'
import type { AaveV3Venue } from './aave-v3-venue.js'
import { resolveAaveV3Venue } from './resolve-aave-v3-venue.js'

const devnet = createDevnetFixture(inject('devnetManifest'))
useDevnetSnapshots(devnet.manifest)
const CHAIN = 1
const RAY = 10n ** 27n

/** `ReserveConfiguration.sol`'s packing: LTV, LT, bonus, decimals, active, borrowing, and bits 168–175. */
const configuration = (p: {
  ltv: number
  lt: number
  bonus: number
  decimals: number
  staleEModeBits?: number
}) =>
  BigInt(p.ltv) |
  (BigInt(p.lt) << 16n) |
  (BigInt(p.bonus) << 32n) |
  (BigInt(p.decimals) << 48n) |
  (1n << 56n) |
  (1n << 58n) |
  (BigInt(p.staleEModeBits ?? 0) << 168n)

const asset = (n: number) => `0x${n.toString(16).padStart(40, '0')}` as Address
const WETH = asset(0xa001)
const WSTETH = asset(0xa002)
const USDC = asset(0xa003)
const assets = new Map<string, AssetInfo>([
  [WETH, { address: WETH, symbol: 'WETH', decimals: 18 }],
  [WSTETH, { address: WSTETH, symbol: 'wstETH', decimals: 18 }],
  [USDC, { address: USDC, symbol: 'USDC', decimals: 6 }],
])

// Reserve ids 0, 1, 2. USDC's bits 168–175 hold a stale 7, as a v3.0 market upgraded in place may:
// on the v3.2 layout they must be ignored (read as 7, no category 7 exists and the decode would fail).
const reserves: AaveV32FixtureReserve[] = [
  {
    asset: WETH,
    configuration: configuration({ ltv: 8000, lt: 8250, bonus: 10500, decimals: 18 }),
    liquidityIndex: (RAY * 105n) / 100n,
    variableBorrowIndex: (RAY * 110n) / 100n,
    price: 3000_00000000n,
  },
  {
    asset: WSTETH,
    configuration: configuration({ ltv: 7000, lt: 7500, bonus: 10600, decimals: 18 }),
    liquidityIndex: RAY,
    variableBorrowIndex: RAY,
    price: 3500_00000000n,
  },
  {
    asset: USDC,
    configuration: configuration({ ltv: 7500, lt: 7800, bonus: 10450, decimals: 6, staleEModeBits: 7 }),
    liquidityIndex: (RAY * 102n) / 100n,
    variableBorrowIndex: RAY,
    price: 1_00000000n,
  },
]

const categories = [
  // ETH correlated: WETH and wstETH as collateral, only WETH borrowable.
  {
    id: 1,
    ltv: 9000,
    liquidationThreshold: 9300,
    liquidationBonus: 10100,
    collateralBitmap: 0b011n,
    borrowableBitmap: 0b001n,
    label: 'ETH correlated',
  },
  {
    id: 2,
    ltv: 9200,
    liquidationThreshold: 9500,
    liquidationBonus: 10100,
    collateralBitmap: 0b100n,
    borrowableBitmap: 0b100n,
    label: 'Stablecoins',
  },
  {
    id: 200,
    ltv: 5000,
    liquidationThreshold: 6000,
    liquidationBonus: 10500,
    collateralBitmap: 0n,
    borrowableBitmap: 0b010n,
    label: 'far id',
  },
]

async function deployFixture() {
  const signer = devnet.signer(CHAIN, 'empty')
  const user = devnet.wallet('empty')
  await signer.setBalance({ address: user, value: parseEther('10') })
  // User: eMode 1; supplies WETH (reserve 0) and USDC (reserve 2) as collateral, borrows WETH.
  // Configuration bits: 2·id borrowing, 2·id + 1 collateral → bits 0, 1 and 5.
  const fixture = await deployAaveV32PoolFixture(signer, {
    reserves,
    categories,
    users: [
      {
        address: user,
        configuration: 0b100011n,
        eModeCategory: 1,
        supplied: { 0: 10n ** 18n, 2: 1000_000000n },
        borrowed: { 0: 5n * 10n ** 17n },
      },
    ],
  })
  const client = devnet.client(CHAIN)
  const venue = await resolveAaveV3Venue({ client, pool: fixture.pool, oracle: fixture.pool })
  const context: AdapterContext<AaveV3Venue> = { chainId: CHAIN, venue, assets }
  return { fixture, user, client, context }
}

describe('Aave v3.2+ eMode layout (AaveV32PoolFixture: per-category bitmaps)', () => {
  test('resolveAaveV3Venue() detects v3.2 and reads every configured category with its label', async () => {
    const { context } = await deployFixture()
    expect(context.venue.eModeLayout).toBe('v3.2')
    expect(context.venue.eModeCategories).toEqual([
      { id: 1, priceSource: zeroAddress, label: 'ETH correlated' },
      { id: 2, priceSource: zeroAddress, label: 'Stablecoins' },
      { id: 200, priceSource: zeroAddress, label: 'far id' },
    ])
    // Listed since v3.2: no stable debt token, so none is read.
    expect(context.venue.reserves.map((r) => [r.asset, r.id, r.readStableDebt])).toEqual([
      [WETH, 0, false],
      [WSTETH, 1, false],
      [USDC, 2, false],
    ])
  })

  test('decodeShared reads collateral config and both bitmaps exactly; positions outside the collateral bitmap keep their own LT', async () => {
    const { context, client, user } = await deployFixture()
    const blockNumber = await client.getBlockNumber()
    const sharedCalls = aaveV3Adapter.sharedReads(context)
    const walletCalls = aaveV3Adapter.walletReads(context, user)
    const { results } = await executeReads({ client, blockNumber, calls: [...sharedCalls, ...walletCalls] })
    const shared = aaveV3Adapter.decodeShared(context, results.slice(0, sharedCalls.length), {
      block: await blockAt(client, blockNumber),
    })
    const eth = shared.eModes.get(1)
    expect(eth).toEqual({
      ltv: 9000,
      liquidationThreshold: 9300,
      liquidationBonus: 10100,
      priceSource: zeroAddress,
      price: 0n,
      bitmaps: {
        collateral: 0b011n,
        borrowable: 0b001n,
        collateralAssets: new Set([WETH, WSTETH]),
        borrowableAssets: new Set([WETH]),
      },
    })
    expect(shared.eModes.get(200)?.bitmaps?.borrowableAssets).toEqual(new Set([WSTETH]))
    // The stale bits 168–175 of USDC are not read as a category.
    expect(shared.reserves.get(USDC)?.configuration.eModeCategory).toBe(0)

    const positions = aaveV3Adapter.decodeWallet({
      context,
      shared,
      wallet: user,
      results: results.slice(sharedCalls.length),
    })
    const core = positions.map((position) => aaveV3Adapter.toCore({ context, position, blockNumber }))
    const byKey = Object.fromEntries(
      core.map((p) => [
        `${p.kind} ${p.asset}`,
        { amount: p.amount, aave: p.kind === 'supply' || p.kind === 'debt' ? p.aave : undefined },
      ]),
    )
    expect(Object.keys(byKey).sort()).toEqual(['debt WETH', 'supply USDC', 'supply WETH'])
    expect(byKey['supply WETH']?.amount).toBe(rayMul(10n ** 18n, reserves[0]!.liquidityIndex))
    expect(byKey['supply WETH']?.aave).toMatchObject({
      liquidationThreshold: 8250,
      eModeCategory: 0,
      userEModeCategory: 1,
      eModeLiquidationThreshold: 9300,
      eModeCollateral: true,
    })
    expect(byKey['supply USDC']?.aave).toMatchObject({ liquidationThreshold: 7800, eModeCollateral: false })

    // The engine's getUserAccountData: WETH at the category's 9300, USDC at its own 7800.
    const data = calculateAaveAccountData(aaveV3AccountDataInput({ context, shared, positions }))
    const weth = (rayMul(10n ** 18n, reserves[0]!.liquidityIndex) * 3000_00000000n) / 10n ** 18n
    const usdc = (rayMul(1000_000000n, reserves[2]!.liquidityIndex) * 1_00000000n) / 10n ** 6n
    expect(data.totalCollateralBase).toBe(weth + usdc)
    expect(data.currentLiquidationThreshold).toBe((weth * 9300n + usdc * 7800n) / (weth + usdc))
    expect(data.ltv).toBe((weth * 9000n + usdc * 7500n) / (weth + usdc))
  })

  test('a pool that serves neither eMode layout is an AaveEModeLayoutError', async () => {
    const { fixture, client } = await deployFixture()
    const notAPool = fixture.tokens[0]!.aToken
    await expect(resolveAaveV3Venue({ client, pool: notAPool, oracle: fixture.pool })).rejects.toThrow(
      AaveEModeLayoutError,
    )
  })

  test("the devnet's core-v3 1.19.3 pool is detected as the v3.0 layout, and logged", async () => {
    const lines: [Record<string, unknown>, string][] = []
    const [chain] = await adaptersFromChainSpecs({
      chains: [manifestChain(devnet.manifest, CHAIN)],
      clientOf: () => devnet.client(CHAIN),
      log: (fields, message) => lines.push([fields, message]),
    })
    const aave = chain?.contexts.aaveV3
    expect(aave?.venue.eModeLayout).toBe('v3.0')
    expect(aave?.venue.eModeCategories.map((c) => [c.id, c.label])).toEqual([[1, 'ETH correlated']])
    expect(lines).toContainEqual([
      expect.objectContaining({
        chain_id: CHAIN,
        venue: 'aave-v3',
        emode_layout: 'v3.0',
        emode_categories: [1],
      }),
      'venue resolved',
    ])
  })
})
