import type { OptionPosition, SpotPosition } from '@xmargin/core'
import { type Address, type Hex, zeroAddress } from 'viem'
import type { AdapterContext, IndexedPosition, ReadCall, VenueAdapter } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { decodeKnownLog, eventsOf } from '../abi-events.js'
import { corePositionId, lower } from '../position-id.js'
import { OPTION_TRADE_OPEN, optionsVenueAbi } from './options-abi.js'
import type { OptionsVenue } from './options-venue.js'

const events = eventsOf(optionsVenueAbi)

type PositionView = {
  tradeId: bigint
  counterparty: Address
  underlying: Hex
  strike: bigint
  expiry: bigint
  isCall: boolean
  size: bigint
  premium: bigint
  status: number
}

/**
 * The local reference options venue: the wallet's USDC collateral in the venue (`spot`, keyed by
 * the collateral token) and every OPEN trade it is a side of (`option`, keyed `trade:<id>`, signed
 * size: negative when written). Two calls per wallet (`collateralOf`, `getPositions`), no shared
 * reads; nothing accrues, so `revalue` is the identity.
 *
 * Events: `Deposited` / `Withdrawn` (account), `PositionOpened` / `PositionClosed` /
 * `PositionSettled` (long and short).
 *
 * @example
 * const calls = optionsAdapter.walletReads(context, wallet)
 */
export const optionsAdapter: VenueAdapter<OptionsVenue, null> = {
  venue: 'options',
  logFilter: (context) => ({ address: [context.venue.venue], events }),
  walletsOf: (log) => {
    const event = decodeKnownLog(events, log)
    if (!event) return []
    const named = [event.args.account, event.args.long, event.args.short]
    return [...new Set(named.filter((a): a is string => typeof a === 'string' && a !== zeroAddress))].map(
      (a) => lower(a as Address),
    )
  },
  sharedReads: () => [],
  decodeShared: (_context, results) => {
    assertResultCount('options shared reads', 0, results.length)
    return null
  },
  walletReads: (context, wallet) => walletCalls(context, wallet),
  decodeWallet: ({ context, wallet, results }) => {
    const calls = walletCalls(context, wallet)
    assertResultCount('options wallet reads', calls.length, results.length)
    const owner = lower(wallet)
    const collateral = successOf<bigint>(results[0], calls[0]?.label ?? 'options collateralOf')
    const views = successOf<readonly PositionView[]>(results[1], calls[1]?.label ?? 'options getPositions')
    const positions: IndexedPosition[] = []
    if (collateral > 0n) {
      const key = lower(context.venue.collateralToken)
      positions.push({ venue: 'options', wallet: owner, kind: 'spot', key, amount: collateral, extra: {} })
    }
    for (const view of views) {
      if (view.status !== OPTION_TRADE_OPEN || view.size === 0n) continue
      const underlying = context.venue.underlyings.get(view.underlying.toLowerCase() as Hex)
      if (!underlying) {
        throw new InvalidPositionError(
          { venue: 'options', kind: 'option', key: `trade:${view.tradeId}` },
          `Underlying ${view.underlying} is not configured.`,
        )
      }
      positions.push({
        venue: 'options',
        wallet: owner,
        kind: 'option',
        key: `trade:${view.tradeId}`,
        amount: view.size,
        extra: {
          tradeId: view.tradeId.toString(),
          underlying,
          right: view.isCall ? 'call' : 'put',
          strike: view.strike.toString(),
          expiry: view.expiry.toString(),
          premium: view.premium.toString(),
          counterparty: lower(view.counterparty),
        },
      })
    }
    return positions
  },
  revalue: ({ position }) => position,
  toCore: ({ context, position, blockNumber }): SpotPosition | OptionPosition => {
    const base = {
      id: corePositionId(context.chainId, position),
      chainId: context.chainId,
      venue: 'options',
      wallet: position.wallet,
      blockNumber,
      amount: position.amount,
    }
    if (position.kind === 'spot') {
      const asset = context.assets.get(position.key)
      if (!asset) throw new InvalidPositionError(position, `Collateral ${position.key} is not a known asset.`)
      return { ...base, kind: 'spot', asset: asset.symbol, decimals: asset.decimals }
    }
    const { underlying, right, strike, expiry } = position.extra
    if (!underlying || (right !== 'call' && right !== 'put') || !strike || !expiry) {
      throw new InvalidPositionError(position, 'extra lacks underlying, right, strike or expiry.')
    }
    return {
      ...base,
      kind: 'option',
      asset: underlying,
      decimals: context.venue.sizeDecimals,
      right,
      strike: { value: BigInt(strike), decimals: context.venue.strikeDecimals },
      expiry: Number(expiry),
    }
  },
}

function walletCalls(context: AdapterContext<OptionsVenue>, wallet: Address): ReadCall[] {
  const { venue } = context.venue
  return [
    {
      address: venue,
      abi: optionsVenueAbi,
      functionName: 'collateralOf',
      args: [wallet],
      label: `options collateralOf ${wallet}`,
    },
    {
      address: venue,
      abi: optionsVenueAbi,
      functionName: 'getPositions',
      args: [wallet],
      label: `options getPositions ${wallet}`,
    },
  ]
}
