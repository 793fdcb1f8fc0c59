import type { PerpPosition, SpotPosition } from '@xmargin/core'
import { type Address, zeroAddress } from 'viem'
import type { AdapterContext, IndexedPosition, ReadCall, VenueAdapter } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { decodeKnownLog, eventsOf } from '../abi-events.js'
import { corePositionId, lower } from '../position-id.js'
import { perpAccountBalanceAbi, perpClearingHouseAbi, perpExchangeAbi, perpVaultAbi } from './perp-abis.js'
import type { PerpVenue } from './perp-venue.js'

const clearingHouseEvents = eventsOf(perpClearingHouseAbi)
const vaultEvents = eventsOf(perpVaultAbi)
const events = [...clearingHouseEvents, ...vaultEvents]
/** Perp's internal amounts (PnL, notional, funding) have 18 decimals. */
const PERP_DECIMALS = 18

/**
 * Perpetual Protocol v2: the trader's vault balance (`spot` in the settlement token, `extra`
 * holding the owed realized PnL and maker fees, 18 decimals) and, per market with a position,
 * `perp` keyed by the base token: signed total position size (taker + maker), open notional and
 * pending funding in `extra`. Per wallet `2 + 3 · markets` calls, no shared reads.
 *
 * Funding moves with time without any event, and Perp exposes it only per trader, so `revalue`
 * is the identity and `movesWithoutEvents` holds for open perp positions: the indexer re-reads their
 * wallets at every block (8 calls per wallet with two markets), so a stored funding is never older
 * than its block. The vault balance alone changes only with events.
 *
 * Events: ClearingHouse `PositionChanged`, `PositionClosed`, `PositionLiquidated` (trader and
 * liquidator), `FundingPaymentSettled`, `LiquidityChanged` (maker); Vault `Deposited`, `Withdrawn`,
 * `CollateralLiquidated`.
 *
 * @example
 * const calls = perpAdapter.walletReads(context, wallet)
 */
export const perpAdapter: VenueAdapter<PerpVenue, null> = {
  venue: 'perp',
  logFilter: (context) => ({ address: [context.venue.clearingHouse, context.venue.vault], events }),
  walletsOf: (log) => {
    const event = decodeKnownLog(events, log)
    if (!event) return []
    const named = [event.args.trader, event.args.maker, event.args.liquidator]
    return [...new Set(named.filter((a): a is string => typeof a === 'string' && a !== zeroAddress))].map(
      (a) => lower(a as Address),
    )
  },
  sharedReads: () => [],
  decodeShared: (_context, results) => {
    assertResultCount('perp shared reads', 0, results.length)
    return null
  },
  walletReads: (context, wallet) => walletCalls(context, wallet),
  decodeWallet: ({ context, wallet, results }) => {
    const calls = walletCalls(context, wallet)
    assertResultCount('perp wallet reads', calls.length, results.length)
    let i = 0
    const next = <T>() => {
      const call = calls[i] as ReadCall
      return successOf<T>(results[i++], call.label ?? call.functionName)
    }
    const owner = lower(wallet)
    const balance = next<bigint>()
    const [owedRealizedPnl, , pendingFee] = next<readonly [bigint, bigint, bigint]>()
    const positions: IndexedPosition[] = []
    if (balance !== 0n || owedRealizedPnl !== 0n || pendingFee !== 0n) {
      positions.push({
        venue: 'perp',
        wallet: owner,
        kind: 'spot',
        key: context.venue.settlementToken,
        amount: balance,
        extra: { owedRealizedPnl: owedRealizedPnl.toString(), pendingFee: pendingFee.toString() },
      })
    }
    for (const market of context.venue.markets) {
      const size = next<bigint>()
      const openNotional = next<bigint>()
      const pendingFunding = next<bigint>()
      if (size === 0n) continue
      positions.push({
        venue: 'perp',
        wallet: owner,
        kind: 'perp',
        key: lower(market.baseToken),
        amount: size,
        extra: {
          symbol: market.symbol,
          openNotional: openNotional.toString(),
          pendingFunding: pendingFunding.toString(),
        },
      })
    }
    return positions
  },
  movesWithoutEvents: (position) => position.kind === 'perp',
  revalue: ({ position }) => position,
  toCore: ({ context, position, blockNumber }): SpotPosition | PerpPosition => {
    const base = {
      id: corePositionId(context.chainId, position),
      chainId: context.chainId,
      venue: 'perp',
      wallet: position.wallet,
      blockNumber,
    }
    const integer = (name: string): bigint => {
      const value = position.extra[name]
      if (value === undefined || !/^-?\d+$/.test(value))
        throw new InvalidPositionError(position, `extra.${name} is missing.`)
      return BigInt(value)
    }
    if (position.kind === 'spot') {
      const asset = context.assets.get(position.key)
      if (!asset)
        throw new InvalidPositionError(position, `Settlement token ${position.key} is not a known asset.`)
      // Owed realized PnL and maker fees are claimable collateral; Perp keeps them in 18 decimals.
      const owed = integer('owedRealizedPnl') + integer('pendingFee')
      const amount = position.amount + owed / 10n ** BigInt(PERP_DECIMALS - asset.decimals)
      return { ...base, kind: 'spot', asset: asset.symbol, decimals: asset.decimals, amount }
    }
    const symbol = position.extra.symbol
    if (!symbol) throw new InvalidPositionError(position, 'extra.symbol is missing.')
    const openNotional = integer('openNotional')
    return {
      ...base,
      kind: 'perp',
      asset: symbol,
      amount: position.amount,
      decimals: PERP_DECIMALS,
      // Open notional is what the trader paid (negative for a long): entry = −notional / size.
      entryPrice: {
        value: (-openNotional * 10n ** BigInt(PERP_DECIMALS)) / position.amount,
        decimals: PERP_DECIMALS,
      },
      // Perp's pending funding payment is positive when the trader pays; core funding is positive when received.
      funding: { value: -integer('pendingFunding'), decimals: PERP_DECIMALS },
    }
  },
}

function walletCalls(context: AdapterContext<PerpVenue>, wallet: Address): ReadCall[] {
  const { vault, accountBalance, exchange, markets } = context.venue
  const calls: ReadCall[] = [
    {
      address: vault,
      abi: perpVaultAbi,
      functionName: 'getBalance',
      args: [wallet],
      label: `perp getBalance ${wallet}`,
    },
    {
      address: accountBalance,
      abi: perpAccountBalanceAbi,
      functionName: 'getPnlAndPendingFee',
      args: [wallet],
      label: `perp getPnlAndPendingFee ${wallet}`,
    },
  ]
  for (const { baseToken, symbol } of markets) {
    const args = [wallet, baseToken]
    calls.push(
      {
        address: accountBalance,
        abi: perpAccountBalanceAbi,
        functionName: 'getTotalPositionSize',
        args,
        label: `perp ${symbol} size ${wallet}`,
      },
      {
        address: accountBalance,
        abi: perpAccountBalanceAbi,
        functionName: 'getTotalOpenNotional',
        args,
        label: `perp ${symbol} notional ${wallet}`,
      },
      {
        address: exchange,
        abi: perpExchangeAbi,
        functionName: 'getPendingFundingPayment',
        args,
        label: `perp ${symbol} funding ${wallet}`,
      },
    )
  }
  return calls
}
