import { type Address, erc20Abi, parseAbi, parseEther, parseUnits } from 'viem'
import { describe, expect, inject, test } from 'vitest'
import { aavePoolAbi } from '../src/aave/aave-abis.js'
import { freezeFeed } from '../src/actions/freeze-feed.js'
import { shockPrice } from '../src/actions/shock-price.js'
import { createDevnetClient } from '../src/chain/client.js'
import { anvilKey } from '../src/config.js'
import { manifestChain, manifestOptionsVenue, manifestPerp, manifestToken } from '../src/manifest.js'
import { referenceOptionsVenueAbi } from '../src/options/options-abi.js'
import { type OptionPositionView, readOptionsAccount } from '../src/options/read-options.js'
import { perpClearingHouseAbi, uniswapV3PoolAbi } from '../src/perp/perp-abis.js'
import { readPerpAccount } from '../src/perp/read-perp.js'
import { optionsSeedExpiry, optionsSeedVolatilities } from '../src/seed/seed-options-positions.js'
import { useDevnetSnapshots } from '../src/vitest/snapshots.js'

const manifest = inject('devnetManifest')
useDevnetSnapshots(manifest)

const volFeedAbi = parseAbi([
  'function latestRoundData() view returns (uint80, int256, uint256, uint256, uint80)',
  'function decimals() view returns (uint8)',
  'function description() view returns (string)',
  'function owner() view returns (address)',
])
const E18 = 10n ** 18n
const usdc = (amount: string) => parseUnits(amount, 6)
const usd18 = (amount: string) => parseEther(amount)
const strike = (usd: number) => BigInt(usd) * 10n ** 8n
const abs = (x: bigint) => (x < 0n ? -x : x)

const [ethereum, arbitrum, base] = [1, 42161, 8453].map((id) => manifestChain(manifest, id)) as [
  ReturnType<typeof manifestChain>,
  ReturnType<typeof manifestChain>,
  ReturnType<typeof manifestChain>,
]
const perp = manifestPerp(arbitrum)
const venue = manifestOptionsVenue(base)
const reader = (chain: typeof arbitrum) =>
  createDevnetClient({ chainId: chain.chainId, rpcUrl: chain.rpcUrl, privateKey: anvilKey(0) })
const wallet = (name: string): Address => {
  const found = manifest.wallets.find((w) => w.name === name)
  if (!found) throw new Error(`no demo wallet ${name}`)
  return found.address
}
const perpAccount = (name: string) => readPerpAccount(reader(arbitrum), perp, wallet(name))
const optionsAccount = (name: string) => readOptionsAccount(reader(base), venue, wallet(name))
/** The trader's one `PositionChanged` in a market: what the seed's trade reported. */
const seedTrade = async (name: string, symbol: 'ETH' | 'BTC') => {
  const logs = await reader(arbitrum).getContractEvents({
    address: perp.clearingHouse,
    abi: perpClearingHouseAbi,
    eventName: 'PositionChanged',
    args: { trader: wallet(name), baseToken: perp.markets[symbol].baseToken },
    fromBlock: 0n,
  })
  const { exchangedPositionSize, openNotional } = logs[0]?.args ?? {}
  if (logs.length !== 1 || exchangedPositionSize === undefined || openNotional === undefined)
    throw new Error(`expected one ${symbol} trade of ${name}`)
  return { exchangedPositionSize, openNotional }
}
/** Position legs as [underlying, strike, call?, signed size, premium, status]. */
const legs = (positions: OptionPositionView[]) =>
  positions.map((p) => [p.underlying, p.strike, p.isCall, p.size, p.premium, p.status])

describe('Perp v2 on arbitrum: seeded positions read back through its views', () => {
  test('markets ETH and BTC take their index from the WETH and WBTC devnet feeds, at 3,000 and 60,000', async () => {
    expect(perp.markets.ETH.indexFeed).toBe(manifestToken(arbitrum, 'WETH').feed)
    expect(perp.markets.BTC.indexFeed).toBe(manifestToken(arbitrum, 'WBTC').feed)
    const [eth] = (await perpAccount('cross-chain')).positions
    const [btc] = (await perpAccount('leveraged-long-btc')).positions
    expect(eth?.indexPrice).toBe(usd18('3000'))
    expect(btc?.indexPrice).toBe(usd18('60000'))
  })

  test('the maker traded both pools back to the index after the seed trades, so no funding accrues', async () => {
    for (const [symbol, index] of [
      ['ETH', 3000],
      ['BTC', 60000],
    ] as const) {
      const [sqrtPriceX96] = await reader(arbitrum).readContract({
        address: perp.markets[symbol].pool,
        abi: uniswapV3PoolAbi,
        functionName: 'slot0',
      })
      // Both virtual tokens have 18 decimals: price = (sqrtPriceX96 / 2^96)^2.
      const mark = Number(sqrtPriceX96) ** 2 / 2 ** 192
      expect(Math.abs(mark / index - 1)).toBeLessThan(1e-6)
    }
  })

  test('cross-chain wallet: short exactly 10 ETH on 10,000 USDC, hedging its 10 WETH on Aave (ethereum)', async () => {
    const account = await perpAccount('cross-chain')
    const trade = await seedTrade('cross-chain', 'ETH')
    expect(account.positions.map((p) => [p.symbol, p.takerPositionSize])).toEqual([['ETH', -10n * E18]])
    const eth = account.positions[0]
    expect(trade.exchangedPositionSize).toBe(-10n * E18)
    expect(eth?.takerOpenNotional).toBe(trade.openNotional)
    // Selling 10 vETH at 3,000 less the 0.1% fee (30) and a little slippage in a ~30 M USD pool.
    expect(trade.openNotional).toBeGreaterThan(usd18('29900'))
    expect(trade.openNotional).toBeLessThan(usd18('29970'))
    expect(eth?.positionValue).toBe(usd18('-30000'))
    expect(account.collateral).toBe(usdc('10000'))
    // Account value = collateral + open notional + position value − pending funding, which Perp sums
    // in USDC's 6 decimals: the 18-decimal figures agree to a few millionths of a dollar.
    const expected = usd18('10000') + trade.openNotional - usd18('30000') - account.pendingFundingPayment
    expect(abs(account.accountValue - expected)).toBeLessThanOrEqual(usd18('0.00001'))
    // Liquidation margin: mm ratio 6.25% of |30,000|.
    expect(account.marginRequirementForLiquidation).toBe(usd18('1875'))
    // The hedged leg: Aave (ethereum) values the wallet's collateral at 10 WETH × 3,000 (8 decimals).
    const [collateralBase] = await reader(ethereum).readContract({
      address: ethereum.contracts.aavePool as Address,
      abi: aavePoolAbi,
      functionName: 'getUserAccountData',
      args: [wallet('cross-chain')],
    })
    expect(Number(collateralBase) / 1e8).toBeCloseTo(30_000, -1)
  })

  test('leveraged-long-btc: long exactly 0.5 BTC (about 30,000 USD) on 6,000 USDC, about 5x', async () => {
    const account = await perpAccount('leveraged-long-btc')
    const trade = await seedTrade('leveraged-long-btc', 'BTC')
    expect(account.positions.map((p) => [p.symbol, p.takerPositionSize])).toEqual([['BTC', E18 / 2n]])
    expect(account.positions[0]?.takerOpenNotional).toBe(trade.openNotional)
    // Buying exactly 0.5 vBTC costs 30,000 plus the 0.1% fee plus slippage.
    expect(trade.openNotional).toBeLessThan(usd18('-30030'))
    expect(trade.openNotional).toBeGreaterThan(usd18('-30100'))
    expect(account.collateral).toBe(usdc('6000'))
    expect(account.totalAbsPositionValue).toBe(usd18('30000'))
    expect(account.totalAbsPositionValue / (account.collateral * 10n ** 12n)).toBe(5n)
  })

  test('perp-and-options: long exactly 5 ETH on 5,000 USDC (arbitrum) and long 5 ETH 2,700 puts (base)', async () => {
    const account = await perpAccount('perp-and-options')
    const trade = await seedTrade('perp-and-options', 'ETH')
    expect(account.positions.map((p) => [p.symbol, p.takerPositionSize])).toEqual([['ETH', 5n * E18]])
    expect(account.positions[0]?.takerOpenNotional).toBe(trade.openNotional)
    expect(account.collateral).toBe(usdc('5000'))
    const options = await optionsAccount('perp-and-options')
    expect(legs(options.positions)).toEqual([['ETH', strike(2700), false, 5n * E18, usdc('400'), 'open']])
    expect(options.collateral).toBe(usdc('600')) // 1,000 deposited − 400 premium
    expect(options.marginRequirement).toBe(0n) // longs need no margin
  })

  test('every demo wallet is left its gas money on the derivatives chains (0.5 ETH; near-liquidation 0.01; empty none)', async () => {
    for (const chain of [arbitrum, base]) {
      for (const { name, address } of manifest.wallets) {
        const expected =
          name === 'empty' ? 0n : name === 'near-liquidation' ? parseEther('0.01') : parseEther('0.5')
        expect(await reader(chain).getBalance({ address }), `${name} on ${chain.chainId}`).toBe(expected)
      }
    }
  })
})

describe('reference options venue on base: seeded books read back through its views', () => {
  const balance = (token: string, name: string) =>
    reader(base).readContract({
      address: manifestToken(base, token).address,
      abi: erc20Abi,
      functionName: 'balanceOf',
      args: [wallet(name)],
    })

  test('short-strangle: short 2 ETH 2,500 puts and 3,500 calls, 180 USDC received, and 2 WETH held', async () => {
    const account = await optionsAccount('short-strangle')
    expect(legs(account.positions)).toEqual([
      ['ETH', strike(2500), false, -2n * E18, usdc('70'), 'open'],
      ['ETH', strike(3500), true, -2n * E18, usdc('110'), 'open'],
    ])
    expect(account.collateral).toBe(usdc('3180'))
    // Each short: intrinsic 0 + 15% of spot 3,000 = 450 per ETH; 2 legs × 2 ETH.
    expect(account.marginRequirement).toBe(usdc('1800'))
    expect(await balance('WETH', 'short-strangle')).toBe(2n * E18)
  })

  test('protective-put: long 0.5 BTC 55,000 put for 1,490 USDC, and 0.5 WBTC held', async () => {
    const account = await optionsAccount('protective-put')
    expect(legs(account.positions)).toEqual([['BTC', strike(55000), false, E18 / 2n, usdc('1490'), 'open']])
    expect(account.collateral).toBe(usdc('510'))
    expect(account.marginRequirement).toBe(0n)
    expect(await balance('WBTC', 'protective-put')).toBe(parseUnits('0.5', 8))
  })

  test('call-spread: long 1 ETH 3,000 call, short 1 ETH 3,500 call, 150 USDC net debit', async () => {
    const account = await optionsAccount('call-spread')
    expect(legs(account.positions)).toEqual([
      ['ETH', strike(3000), true, E18, usdc('205'), 'open'],
      ['ETH', strike(3500), true, -E18, usdc('55'), 'open'],
    ])
    expect(account.collateral).toBe(usdc('850'))
    expect(account.marginRequirement).toBe(usdc('450')) // the short call alone; spreads are not netted
  })

  test('every trade has the house as counterparty, expires at 08:00 UTC 30 or 60 days after it opened, and was announced in PositionOpened', async () => {
    const client = reader(base)
    const opened = await client.getContractEvents({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      eventName: 'PositionOpened',
      fromBlock: 0n,
    })
    const house = base.venues?.options?.house
    const names = ['short-strangle', 'protective-put', 'call-spread', 'perp-and-options']
    const views = await Promise.all(names.map(optionsAccount))
    expect(opened).toHaveLength(views.reduce((n, v) => n + v.positions.length, 0))
    for (const [i, view] of views.entries()) {
      for (const position of view.positions) {
        const log = opened.find((l) => l.args.tradeId === position.tradeId)
        if (!log) throw new Error(`no PositionOpened for trade ${position.tradeId}`)
        expect([log.args.long, log.args.short]).toContain(wallet(names[i] as string))
        expect(position.counterparty).toBe(house)
        const { timestamp } = await client.getBlock({ blockNumber: log.blockNumber })
        const days = position.underlying === 'BTC' ? 60 : 30
        expect(position.expiry).toBe(optionsSeedExpiry(timestamp, days))
      }
    }
  })

  test('every traded (underlying, expiry) has one implied-volatility feed at the seeded vol, fresh and owned by account 0', async () => {
    const client = reader(base)
    const names = ['short-strangle', 'protective-put', 'call-spread', 'perp-and-options']
    const traded = new Set(
      (await Promise.all(names.map(optionsAccount))).flatMap((v) =>
        v.positions.map((p) => `${p.underlying}@${p.expiry}`),
      ),
    )
    const feeds = base.venues!.options!.volatilityFeeds
    expect(new Set(feeds.map((f) => `${f.underlying}@${f.expiry}`))).toEqual(traded)
    expect(feeds).toHaveLength(traded.size)
    const { timestamp } = await client.getBlock()
    for (const { underlying, expiry, feed, decimals } of feeds) {
      const read = <T>(functionName: string) =>
        client.readContract({ address: feed, abi: volFeedAbi, functionName } as never) as Promise<T>
      const [, answer, , updatedAt] = await read<readonly bigint[]>('latestRoundData')
      expect(answer).toBe(BigInt(Math.round(optionsSeedVolatilities[underlying] * 10 ** decimals)))
      expect(await read<number>('decimals')).toBe(decimals)
      expect(await read<string>('description')).toBe(
        `${underlying} implied volatility ${new Date(expiry * 1000).toISOString().replace('.000Z', 'Z')}`,
      )
      expect(await read<Address>('owner')).toBe(reader(base).account.address)
      // Refreshed when the devnet started, like the price feeds.
      expect(timestamp - updatedAt!).toBeLessThan(600n)
    }
  })
})

describe('shockPrice() moves the derivatives venues', () => {
  test('WETH −10%: the short 10 ETH perp gains 3,000, the long 5 ETH loses 1,500, BTC is untouched', async () => {
    const names = ['cross-chain', 'perp-and-options', 'leveraged-long-btc']
    const before = await Promise.all(names.map(perpAccount))
    await shockPrice(manifest, { symbol: 'WETH', percent: -10 })
    // No waiting: shockPrice moved arbitrum one TWAP interval on, so Perp's index is 2,700 now.
    const after = await Promise.all(names.map(perpAccount))
    const [short, long, btc] = after.map((a, i) => ({
      delta: a.accountValue - (before[i]?.accountValue ?? 0n),
      account: a,
    })) as [{ delta: bigint; account: (typeof after)[0] }, { delta: bigint }, { delta: bigint }]
    expect(short.account.positions[0]?.indexPrice).toBe(usd18('2700'))
    expect(short.account.positions[0]?.positionValue).toBe(usd18('-27000'))
    // Short 10 ETH: −10 × (2,700 − 3,000) = +3,000 of unrealized PnL. Funding over the second or
    // two of the shock is cents (10 ETH × 300 mark−index premium × 2 s / 86,400 s ≈ 0.07).
    expect(abs(short.delta - usd18('3000'))).toBeLessThan(usd18('1'))
    // Long 5 ETH: 5 × (2,700 − 3,000) = −1,500.
    expect(abs(long.delta - usd18('-1500'))).toBeLessThan(usd18('1'))
    expect(abs(btc.delta)).toBeLessThan(usd18('1'))
    // Liquidation margin follows the index: 6.25% × 27,000.
    expect(short.account.marginRequirementForLiquidation).toBe(usd18('1687.5'))
  })

  test('WETH −10%: the options venue reprices margin at spot 2,700 and keeps the positions', async () => {
    await shockPrice(manifest, { symbol: 'WETH', percent: -10 })
    const spot = await reader(base).readContract({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      functionName: 'spotPrice',
      args: [base.venues?.options?.underlyings.ETH.key ?? '0x'],
    })
    expect(spot).toBe(strike(2700))
    const strangle = await optionsAccount('short-strangle')
    expect(strangle.positions.every((p) => p.status === 'open')).toBe(true)
    expect(strangle.collateral).toBe(usdc('3180'))
    // Both shorts still out of the money: 15% × 2,700 = 405 per ETH, × 2 ETH × 2 legs.
    expect(strangle.marginRequirement).toBe(usdc('1620'))
    expect((await optionsAccount('call-spread')).marginRequirement).toBe(usdc('405'))
    // BTC did not move: the protective put's view is as seeded.
    expect((await optionsAccount('protective-put')).collateral).toBe(usdc('510'))
  })

  test('a frozen WETH feed on ethereum makes the shock change nothing, Perp included', async () => {
    const before = await perpAccount('cross-chain')
    await freezeFeed(manifest, { symbol: 'WETH', chainId: 1, frozen: true })
    await expect(shockPrice(manifest, { symbol: 'WETH', percent: -10 })).rejects.toThrow(/frozen/)
    const after = await perpAccount('cross-chain')
    expect(after.positions[0]?.indexPrice).toBe(usd18('3000'))
    expect(abs(after.accountValue - before.accountValue)).toBeLessThan(usd18('1'))
  })
})
