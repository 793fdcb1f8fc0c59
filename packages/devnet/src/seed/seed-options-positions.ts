import { parseEther, parseUnits } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import type { OptionsUnderlyingSymbol } from '../options/deploy-options.js'
import {
  approveOptionsOperator,
  depositOptionsCollateral,
  openLongCallSpread,
  openProtectivePut,
  openShortStrangle,
} from '../options/seed-options.js'
import { mintTo } from './token-actions.js'
import type { DemoWalletName } from './wallets.js'

/**
 * A seeded options book: the wallet deposits `collateral` (USDC, 6 decimals), may hold spot
 * tokens in the wallet, and trades one strategy with the house. Strikes and premiums are in USD
 * (premiums are totals for the whole size); sizes are in the underlying with 18 decimals.
 */
export type OptionsSeedAccount = {
  wallet: DemoWalletName
  collateral: bigint
  /** Spot tokens minted to the wallet on the same chain (amounts in the token's decimals). */
  holds: readonly { symbol: string; amount: bigint }[]
  strategy: OptionsSeedStrategy
}

export type OptionsSeedStrategy = {
  underlying: OptionsUnderlyingSymbol
  size: bigint
  expiryDays: number
} & (
  | { kind: 'short-strangle'; putStrike: number; callStrike: number; putPremium: number; callPremium: number }
  | { kind: 'long-put'; strike: number; premium: number }
  | {
      kind: 'long-call-spread'
      lowerStrike: number
      upperStrike: number
      lowerPremium: number
      upperPremium: number
    }
)

/**
 * The implied volatility the devnet publishes for every seeded expiry of each underlying
 * (`deployVolatilityFeeds`): the levels the seeded premiums were priced near (see below).
 */
export const optionsSeedVolatilities = { ETH: 0.6, BTC: 0.55 } as const satisfies Record<
  OptionsUnderlyingSymbol,
  number
>

/** USDC the house deposits to stand on the other side of every seeded trade. */
export const OPTIONS_HOUSE_COLLATERAL = parseUnits('1000000', 6)

/**
 * The options books on base; the wallet descriptions in `wallets.ts` say the same. Premiums are
 * round figures near Black-76 at 55–60% volatility with spot ETH 3,000 and BTC 60,000.
 */
export const optionsSeedAccounts = [
  {
    wallet: 'short-strangle',
    collateral: parseUnits('3000', 6),
    holds: [{ symbol: 'WETH', amount: parseEther('2') }],
    strategy: {
      kind: 'short-strangle',
      underlying: 'ETH',
      size: parseEther('2'),
      expiryDays: 30,
      putStrike: 2500,
      callStrike: 3500,
      putPremium: 70, // 35 per ETH
      callPremium: 110, // 55 per ETH
    },
  },
  {
    wallet: 'protective-put',
    collateral: parseUnits('2000', 6),
    holds: [{ symbol: 'WBTC', amount: parseUnits('0.5', 8) }],
    strategy: {
      kind: 'long-put',
      underlying: 'BTC',
      size: parseEther('0.5'),
      expiryDays: 60,
      strike: 55000,
      premium: 1490, // 2,980 per BTC
    },
  },
  {
    wallet: 'call-spread',
    collateral: parseUnits('1000', 6),
    holds: [],
    strategy: {
      kind: 'long-call-spread',
      underlying: 'ETH',
      size: parseEther('1'),
      expiryDays: 30,
      lowerStrike: 3000,
      upperStrike: 3500,
      lowerPremium: 205,
      upperPremium: 55,
    },
  },
  {
    wallet: 'perp-and-options',
    collateral: parseUnits('1000', 6),
    holds: [],
    strategy: {
      kind: 'long-put',
      underlying: 'ETH',
      size: parseEther('5'),
      expiryDays: 30,
      strike: 2700,
      premium: 400,
    },
  },
] as const satisfies readonly OptionsSeedAccount[]

/**
 * The expiry the seed gives an option `days` after `timestamp`: 08:00 UTC (Deribit's expiry hour)
 * of that day.
 *
 * @example
 * optionsSeedExpiry(1_700_000_000n, 30) // 1702540800n (2023-12-14 08:00 UTC)
 */
export function optionsSeedExpiry(timestamp: bigint, days: number): bigint {
  const day = 86_400n
  return (timestamp / day + BigInt(days)) * day + 8n * 3_600n
}

export type SeedOptionsPositionsParameters = {
  venue: { optionsVenue: `0x${string}`; usdc: `0x${string}` }
  /** The house: already funded; opens every trade as the wallets' approved operator. */
  house: DevnetClient
  wallet: (name: DemoWalletName) => DevnetClient
  token: (symbol: string) => `0x${string}`
}

/** Return type of {@link seedOptionsPositions}: every (underlying, expiry) a seeded trade uses, once. */
export type SeedOptionsPositionsReturnType = { underlying: OptionsUnderlyingSymbol; expiry: bigint }[]

/**
 * Funds each options wallet (collateral, spot holdings, operator approval for the house), then
 * has the house open each wallet's strategy with expiries counted from the current block.
 * Returns the (underlying, expiry) pairs traded, which need an implied volatility.
 *
 * @example
 * const expiries = await seedOptionsPositions({ venue, house, wallet, token })
 */
export async function seedOptionsPositions(
  parameters: SeedOptionsPositionsParameters,
): Promise<SeedOptionsPositionsReturnType> {
  const { venue, house, wallet, token } = parameters
  await Promise.all(
    optionsSeedAccounts.map(async ({ wallet: name, collateral, holds }) => {
      const client = wallet(name)
      await depositOptionsCollateral(client, venue, { amount: collateral, mint: true })
      await approveOptionsOperator(client, venue, house.account.address)
      for (const { symbol, amount } of holds) await mintTo(client, token(symbol), amount)
    }),
  )
  const { timestamp } = await house.getBlock()
  const traded: SeedOptionsPositionsReturnType = []
  for (const { wallet: name, strategy } of optionsSeedAccounts) {
    const account = wallet(name).account.address
    const { underlying, size } = strategy
    const expiry = optionsSeedExpiry(timestamp, strategy.expiryDays)
    if (!traded.some((t) => t.underlying === underlying && t.expiry === expiry))
      traded.push({ underlying, expiry })
    const common = { account, underlying, size, expiry }
    if (strategy.kind === 'short-strangle') await openShortStrangle(house, venue, { ...common, ...strategy })
    else if (strategy.kind === 'long-put') await openProtectivePut(house, venue, { ...common, ...strategy })
    else await openLongCallSpread(house, venue, { ...common, ...strategy })
  }
  return traded
}
