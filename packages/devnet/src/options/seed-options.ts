import { type Address, parseEventLogs } from 'viem'
import type { DevnetClient } from '../chain/client.js'
import { confirmTx } from '../deploy/confirm-tx.js'
import { DevnetError } from '../errors.js'
import { approve, mintTo } from '../seed/token-actions.js'
import { type OptionsUnderlyingSymbol, type OptionsVenueDeployment, underlyingKey } from './deploy-options.js'
import { referenceOptionsVenueAbi } from './options-abi.js'

type Venue = Pick<OptionsVenueDeployment, 'optionsVenue' | 'usdc'>

const usdToPrice = (usd: number) => BigInt(Math.round(usd * 1e8)) // feed units, 8 decimals
const usdToUsdc = (usd: number) => BigInt(Math.round(usd * 1e6))

/**
 * Deposits USDC collateral from the client's account into the venue (optionally minting it first
 * with the devnet's open `mint`).
 *
 * @example
 * await depositOptionsCollateral(wallet, venue, { amount: 5_000n * 10n ** 6n, mint: true })
 */
export async function depositOptionsCollateral(
  client: DevnetClient,
  venue: Venue,
  parameters: { amount: bigint; mint?: boolean },
): Promise<void> {
  const { amount, mint = false } = parameters
  if (mint) await mintTo(client, venue.usdc, amount)
  await approve(client, venue.usdc, venue.optionsVenue, amount)
  await confirmTx(
    client,
    'Options seed: deposit',
    client.writeContract({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      functionName: 'deposit',
      args: [amount],
    }),
  )
}

/**
 * Lets `operator` (the devnet's house/maker) open and close trades for the client's account.
 *
 * @example
 * await approveOptionsOperator(wallet, venue, house.account.address)
 */
export async function approveOptionsOperator(
  client: DevnetClient,
  venue: Venue,
  operator: Address,
): Promise<void> {
  await confirmTx(
    client,
    'Options seed: setOperator',
    client.writeContract({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      functionName: 'setOperator',
      args: [operator, true],
    }),
  )
}

export type OpenOptionParameters = {
  long: Address
  short: Address
  underlying: OptionsUnderlyingSymbol
  /** Strike in USD. */
  strike: number
  /** Expiry, unix seconds. */
  expiry: bigint
  isCall: boolean
  /** Contracts in units of the underlying, 18 decimals (1e18 = 1 ETH). */
  size: bigint
  /** Total premium in USD (USDC), paid by the long to the short. */
  premium: number
}

/**
 * Opens one option trade between two accounts; the client must be each side or its operator.
 * Returns the venue's trade id.
 *
 * @example
 * const id = await openOption(house, venue, { long: house.account.address, short: wallet, underlying: 'ETH', strike: 3500, expiry, isCall: true, size: 10n ** 18n, premium: 45 })
 */
export async function openOption(
  client: DevnetClient,
  venue: Venue,
  parameters: OpenOptionParameters,
): Promise<bigint> {
  const { long, short, underlying, strike, expiry, isCall, size, premium } = parameters
  const kind = `${isCall ? 'call' : 'put'} ${underlying} ${strike}`
  const receipt = await confirmTx(
    client,
    `Options seed: open ${kind}`,
    client.writeContract({
      address: venue.optionsVenue,
      abi: referenceOptionsVenueAbi,
      functionName: 'openPosition',
      args: [
        long,
        short,
        underlyingKey(underlying),
        usdToPrice(strike),
        expiry,
        isCall,
        size,
        usdToUsdc(premium),
      ],
    }),
  )
  const [opened] = parseEventLogs({
    abi: referenceOptionsVenueAbi,
    eventName: 'PositionOpened',
    logs: receipt.logs,
  })
  if (!opened) throw new DevnetError(`Opening ${kind} emitted no PositionOpened.`)
  return opened.args.tradeId
}

type StrategyBase = { account: Address; underlying: OptionsUnderlyingSymbol; expiry: bigint; size: bigint }

/**
 * Short strangle for `account` (short an OTM put and an OTM call), the house long both.
 * The account must have approved the house client as operator.
 *
 * @example
 * await openShortStrangle(house, venue, { account, underlying: 'ETH', putStrike: 2500, callStrike: 3500, expiry, size: 10n ** 18n, putPremium: 40, callPremium: 45 })
 */
export async function openShortStrangle(
  house: DevnetClient,
  venue: Venue,
  parameters: StrategyBase & {
    putStrike: number
    callStrike: number
    putPremium: number
    callPremium: number
  },
): Promise<{ put: bigint; call: bigint }> {
  const { account, underlying, expiry, size } = parameters
  const common = { long: house.account.address, short: account, underlying, expiry, size }
  const put = await openOption(house, venue, {
    ...common,
    isCall: false,
    strike: parameters.putStrike,
    premium: parameters.putPremium,
  })
  const call = await openOption(house, venue, {
    ...common,
    isCall: true,
    strike: parameters.callStrike,
    premium: parameters.callPremium,
  })
  return { put, call }
}

/**
 * Protective put: `account` (which holds the underlying elsewhere) buys a put from the house.
 *
 * @example
 * await openProtectivePut(house, venue, { account, underlying: 'BTC', strike: 55000, expiry, size: 5n * 10n ** 17n, premium: 600 })
 */
export async function openProtectivePut(
  house: DevnetClient,
  venue: Venue,
  parameters: StrategyBase & { strike: number; premium: number },
): Promise<{ put: bigint }> {
  const { account, underlying, expiry, size, strike, premium } = parameters
  const put = await openOption(house, venue, {
    long: account,
    short: house.account.address,
    underlying,
    expiry,
    size,
    isCall: false,
    strike,
    premium,
  })
  return { put }
}

/**
 * Long call spread for `account`: long the lower-strike call, short the upper-strike call, the
 * house on the other side of both.
 *
 * @example
 * await openLongCallSpread(house, venue, { account, underlying: 'ETH', lowerStrike: 3000, upperStrike: 3500, expiry, size: 10n ** 18n, lowerPremium: 120, upperPremium: 45 })
 */
export async function openLongCallSpread(
  house: DevnetClient,
  venue: Venue,
  parameters: StrategyBase & {
    lowerStrike: number
    upperStrike: number
    lowerPremium: number
    upperPremium: number
  },
): Promise<{ longCall: bigint; shortCall: bigint }> {
  const { account, underlying, expiry, size } = parameters
  const houseAddress = house.account.address
  const longCall = await openOption(house, venue, {
    long: account,
    short: houseAddress,
    underlying,
    expiry,
    size,
    isCall: true,
    strike: parameters.lowerStrike,
    premium: parameters.lowerPremium,
  })
  const shortCall = await openOption(house, venue, {
    long: houseAddress,
    short: account,
    underlying,
    expiry,
    size,
    isCall: true,
    strike: parameters.upperStrike,
    premium: parameters.upperPremium,
  })
  return { longCall, shortCall }
}
