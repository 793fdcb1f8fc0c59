import type { Address } from 'viem'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { createDevnetClient, type DevnetClient } from '../chain/client.js'
import { type AnvilInstance, startAnvil } from '../chain/start-anvil.js'
import { anvilKey } from '../config.js'
import { loadPackageArtifact, loadProjectArtifact } from '../deploy/artifacts.js'
import { deployContract } from '../deploy/deploy-contract.js'
import { deployOptionsVenue, type OptionsVenueDeployment } from './deploy-options.js'
import { referenceOptionsVenueAbi } from './options-abi.js'
import { readOptionsAccount, settleExpiredOptions } from './read-options.js'
import {
  approveOptionsOperator,
  depositOptionsCollateral,
  openLongCallSpread,
  openOption,
  openProtectivePut,
  openShortStrangle,
} from './seed-options.js'

const E18 = 10n ** 18n
const usdc = (usd: number) => BigInt(usd) * 10n ** 6n
const price = (usd: number) => BigInt(usd) * 10n ** 8n
const feedAbi = [
  {
    type: 'function',
    name: 'setPrice',
    stateMutability: 'nonpayable',
    inputs: [{ name: 'answer', type: 'int256' }],
    outputs: [],
  },
] as const

let anvil: AnvilInstance
let owner: DevnetClient
let house: DevnetClient
let strangle: DevnetClient
let hedger: DevnetClient
let spread: DevnetClient
let venue: OptionsVenueDeployment
let feeds: { ETH: Address; BTC: Address }
let expiry: bigint

beforeAll(async () => {
  anvil = await startAnvil({ chainId: 8453, port: 0 })
  const client = (i: number) =>
    createDevnetClient({ chainId: 8453, rpcUrl: anvil.rpcUrl, privateKey: anvilKey(i) })
  ;[owner, house, strangle, hedger, spread] = [client(0), client(1), client(2), client(3), client(4)]
  const erc20 = loadPackageArtifact(
    '@aave/core-v3/artifacts/contracts/mocks/tokens/MintableERC20.sol/MintableERC20.json',
  )
  const feed = loadProjectArtifact('DevnetPriceFeed')
  const usdcAddress = await deployContract(owner, { artifact: erc20, args: ['USD Coin', 'USDC', 6] })
  feeds = {
    ETH: await deployContract(owner, { artifact: feed, args: [8, 'ETH / USD', price(3000)] }),
    BTC: await deployContract(owner, { artifact: feed, args: [8, 'BTC / USD', price(60000)] }),
  }
  venue = await deployOptionsVenue(owner, {
    usdc: usdcAddress,
    underlyings: [
      { symbol: 'ETH', feed: feeds.ETH },
      { symbol: 'BTC', feed: feeds.BTC },
    ],
  })
  expiry = (await owner.getBlock()).timestamp + 7n * 86_400n

  await depositOptionsCollateral(house, venue, { amount: usdc(1_000_000), mint: true })
  for (const [wallet, amount] of [
    [strangle, 5_000],
    [hedger, 2_000],
    [spread, 1_000],
  ] as const) {
    await depositOptionsCollateral(wallet, venue, { amount: usdc(amount), mint: true })
    await approveOptionsOperator(wallet, venue, house.account.address)
  }
  const at = { expiry, size: E18 }
  await openShortStrangle(house, venue, {
    ...at,
    account: strangle.account.address,
    underlying: 'ETH',
    putStrike: 2500,
    callStrike: 3500,
    putPremium: 40,
    callPremium: 45,
  })
  await openProtectivePut(house, venue, {
    expiry,
    account: hedger.account.address,
    underlying: 'BTC',
    size: E18 / 2n,
    strike: 55000,
    premium: 600,
  })
  await openLongCallSpread(house, venue, {
    ...at,
    account: spread.account.address,
    underlying: 'ETH',
    lowerStrike: 3000,
    upperStrike: 3500,
    lowerPremium: 120,
    upperPremium: 45,
  })
})

afterAll(async () => {
  await anvil?.stop()
})

describe('ReferenceOptionsVenue (local reference venue) on a bare anvil', () => {
  test('getPositions() reads back the seeded strangle, protective put and call spread', async () => {
    const s = await readOptionsAccount(owner, venue, strangle.account.address)
    const shape = (p: (typeof s.positions)[number]) => [
      p.underlying,
      p.strike,
      p.expiry,
      p.isCall,
      p.size,
      p.premium,
      p.status,
      p.counterparty,
    ]
    const h = house.account.address
    expect(s.positions.map(shape)).toEqual([
      ['ETH', price(2500), expiry, false, -E18, usdc(40), 'open', h],
      ['ETH', price(3500), expiry, true, -E18, usdc(45), 'open', h],
    ])
    // 5,000 deposited + 85 premium received; margin per short = 15% × spot 3000 (both OTM) = 450.
    expect(s.collateral).toBe(usdc(5_085))
    expect(s.marginRequirement).toBe(usdc(900))

    const p = await readOptionsAccount(owner, venue, hedger.account.address)
    expect(p.positions.map(shape)).toEqual([
      ['BTC', price(55000), expiry, false, E18 / 2n, usdc(600), 'open', h],
    ])
    expect(p.collateral).toBe(usdc(1_400))
    expect(p.marginRequirement).toBe(0n)

    const c = await readOptionsAccount(owner, venue, spread.account.address)
    expect(c.positions.map(shape)).toEqual([
      ['ETH', price(3000), expiry, true, E18, usdc(120), 'open', h],
      ['ETH', price(3500), expiry, true, -E18, usdc(45), 'open', h],
    ])
    expect(c.collateral).toBe(usdc(925))
    expect(c.marginRequirement).toBe(usdc(450))
  })

  test('PositionOpened events name every seeded account, so an indexer can discover them', async () => {
    const logs = await owner.getContractEvents({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      eventName: 'PositionOpened',
      fromBlock: 0n,
    })
    const accounts = new Set(logs.flatMap((l) => [l.args.long, l.args.short]))
    for (const wallet of [strangle, hedger, spread, house])
      expect(accounts.has(wallet.account.address)).toBe(true)
    expect(logs).toHaveLength(5)
  })

  test('openPosition() needs both sides: a short forced on a wallet that did not approve reverts', async () => {
    const stranger = createDevnetClient({ chainId: 8453, rpcUrl: anvil.rpcUrl, privateKey: anvilKey(5) })
    await expect(
      openOption(house, venue, {
        long: house.account.address,
        short: stranger.account.address,
        underlying: 'ETH',
        strike: 4000,
        expiry,
        isCall: true,
        size: E18,
        premium: 1,
      }),
    ).rejects.toThrow(/NotAuthorized/)
  })

  test('settle() after expiry pays intrinsic value at the feed price: ETH 3800, BTC 50000', async () => {
    const houseBefore = (await readOptionsAccount(owner, venue, house.account.address)).collateral
    await owner.increaseTime({ seconds: 7 * 86_400 + 1 })
    await owner.writeContract({
      address: feeds.ETH,
      abi: feedAbi,
      functionName: 'setPrice',
      args: [price(3800)],
    })
    await owner.writeContract({
      address: feeds.BTC,
      abi: feedAbi,
      functionName: 'setPrice',
      args: [price(50000)],
    })
    for (const wallet of [strangle, hedger, spread])
      await settleExpiredOptions(owner, venue, wallet.account.address)

    const read = (wallet: DevnetClient) => readOptionsAccount(owner, venue, wallet.account.address)
    const s = await read(strangle)
    const p = await read(hedger)
    const c = await read(spread)
    const h = await read(house)
    // Strangle: short 3500 call pays 3800 − 3500 = 300; short 2500 put expires worthless.
    expect(s.collateral).toBe(usdc(5_085 - 300))
    // Protective put: (55,000 − 50,000) × 0.5 BTC = 2,500.
    expect(p.collateral).toBe(usdc(1_400 + 2_500))
    // Call spread: long 3000 call +800, short 3500 call −300.
    expect(c.collateral).toBe(usdc(925 + 800 - 300))
    // The house is the other side of all of it: +300 − 2,500 − 800 + 300.
    expect(h.collateral - houseBefore).toBe(usdc(300 - 2_500 - 800 + 300))
    for (const view of [s, p, c]) expect(view.positions.every((x) => x.status === 'settled')).toBe(true)
    expect(s.marginRequirement).toBe(0n)
  })
})
