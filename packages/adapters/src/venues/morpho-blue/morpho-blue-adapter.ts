import type { DebtPosition, SupplyPosition } from '@xmargin/core'
import { type Address, zeroAddress } from 'viem'
import type { AdapterContext, IndexedPosition, ReadCall, VenueAdapter } from '../../adapter.js'
import { InvalidPositionError } from '../../errors/adapter-errors.js'
import { toAssetsDown, toAssetsUp } from '../../math/morpho-shares.js'
import { assertResultCount, successOf } from '../../read/read-result.js'
import { decodeKnownLog, eventsOf } from '../abi-events.js'
import { corePositionId, lower } from '../position-id.js'
import { morphoBlueAbi } from './morpho-blue-abis.js'
import { decodeMorphoBlueShared, isMorphoBlueSettled, morphoBlueSharedReads } from './morpho-blue-shared.js'
import type { MorphoBlueMarket, MorphoBlueShared, MorphoBlueVenue } from './morpho-blue-venue.js'

/** The three balances a wallet can hold in one market; the position key is `marketId:role`. */
export type MorphoBlueRole = 'collateral' | 'supply' | 'borrow'

const positionEvents = eventsOf(morphoBlueAbi, ['AccrueInterest'])

/**
 * Morpho Blue: per market, collateral (raw), supply shares → assets (`toAssetsDown`) and borrow
 * shares → assets owed (`toAssetsUp`), with Morpho's virtual shares. Shared per block: `market(id)`
 * totals, the market oracle's `price()` and the IRM's `borrowRateView` (see
 * `morphoBlueSharedReads`). Per wallet: one `position(id, user)` per market. A debt keeps its borrow
 * shares and the market's borrow totals it was converted at (`extra`, and the core position's
 * `morpho` context), so the engine's `liquidateMorpho` converts as the contract does; every stored
 * debt is revalued each block, so all debts of a market carry one block's totals.
 *
 * Amounts are the expected ones at the block's timestamp (Morpho's `MorphoBalancesLib`): the
 * interest pending since the market's `lastUpdate` is accrued as `_accrueInterest` would, so a
 * debt reads what a full repay in that block takes, not the lower stored figure.
 *
 * Events: `Supply`, `Withdraw`, `Borrow`, `Repay`, `SupplyCollateral`, `WithdrawCollateral`
 * (`onBehalf`) and `Liquidate` (`borrower`). `AccrueInterest` mints fee shares to the fee
 * recipient: track that wallet explicitly if it matters.
 *
 * @example
 * const context = { chainId: 8453, venue: { morpho, markets }, assets }
 * const calls = morphoBlueAdapter.walletReads(context, wallet)
 */
export const morphoBlueAdapter: VenueAdapter<MorphoBlueVenue, MorphoBlueShared> = {
  venue: 'morpho-blue',
  logFilter: (context) => ({ address: [context.venue.morpho], events: positionEvents }),
  walletsOf: (log) => {
    const event = decodeKnownLog(positionEvents, log)
    if (!event) return []
    const wallet = event.eventName === 'Liquidate' ? event.args.borrower : event.args.onBehalf
    return typeof wallet === 'string' && wallet !== zeroAddress ? [lower(wallet as Address)] : []
  },
  sharedReads: morphoBlueSharedReads,
  decodeShared: decodeMorphoBlueShared,
  isSettled: isMorphoBlueSettled,
  walletReads: (context, wallet) => walletCalls(context, wallet),
  decodeWallet: ({ context, shared, wallet, results }) => {
    const calls = walletCalls(context, wallet)
    assertResultCount('morpho-blue wallet reads', calls.length, results.length)
    const positions: IndexedPosition[] = []
    context.venue.markets.forEach((market, i) => {
      const [supplyShares, borrowShares, collateral] = successOf<readonly [bigint, bigint, bigint]>(
        results[i],
        calls[i]?.label ?? 'morpho-blue position',
      )
      const roles: [MorphoBlueRole, bigint][] = [
        ['collateral', collateral],
        ['supply', supplyShares],
        ['borrow', borrowShares],
      ]
      for (const [role, raw] of roles) {
        if (raw > 0n) positions.push(buildPosition({ wallet: lower(wallet), market, shared, role, raw }))
      }
    })
    return positions
  },
  revalue: ({ context, shared, position }) => {
    const { market, role, raw } = storedState(context, position)
    return buildPosition({ wallet: position.wallet, market, shared, role, raw })
  },
  toCore: ({ context, position, blockNumber }): SupplyPosition | DebtPosition => {
    const { market, role, raw } = storedState(context, position)
    const assetAddress = role === 'collateral' ? market.collateralToken : market.loanToken
    const asset = context.assets.get(assetAddress)
    if (!asset)
      throw new InvalidPositionError(
        position,
        `Asset ${assetAddress} is not known on chain ${context.chainId}.`,
      )
    const base = {
      id: corePositionId(context.chainId, position),
      chainId: context.chainId,
      venue: 'morpho-blue',
      wallet: position.wallet,
      asset: asset.symbol,
      blockNumber,
      amount: position.amount,
      decimals: asset.decimals,
      // The venue's own rule (LLTV per market) needs the market: positions of one market form one account.
      morpho: { market: market.id.toLowerCase(), lltv: market.lltv },
    }
    if (role === 'borrow')
      return {
        ...base,
        kind: 'debt',
        rateMode: 'variable',
        // Morpho's `liquidate` works in shares: the account's and the market's totals at this block.
        morpho: { ...base.morpho, borrowShares: raw, ...borrowTotals(position) },
      }
    // Collateral backs the market's loans; lent (supplied) assets are a claim, not Morpho collateral.
    return { ...base, kind: 'supply', collateral: role === 'collateral' }
  },
}

function walletCalls(context: AdapterContext<MorphoBlueVenue>, wallet: Address): ReadCall[] {
  return context.venue.markets.map((market) => ({
    address: context.venue.morpho,
    abi: morphoBlueAbi,
    functionName: 'position',
    args: [market.id, wallet],
    label: `morpho-blue position ${market.id} ${wallet}`,
  }))
}

function buildPosition(parameters: {
  wallet: Address
  market: MorphoBlueMarket
  shared: MorphoBlueShared
  role: MorphoBlueRole
  raw: bigint
}): IndexedPosition {
  const { wallet, market, shared, role, raw } = parameters
  const key = `${market.id.toLowerCase()}:${role}`
  const state = shared.get(market.id.toLowerCase())
  const kind = role === 'borrow' ? 'debt' : 'supply'
  if (!state)
    throw new InvalidPositionError(
      { venue: 'morpho-blue', kind, key },
      `Market ${market.id} has no shared state.`,
    )
  if (!state.settled)
    throw new InvalidPositionError(
      { venue: 'morpho-blue', kind, key },
      `Market ${market.id}'s borrow rate is not settled for this block (read it again hinted by this state).`,
    )
  const { expected } = state
  let amount = raw
  if (role === 'supply') amount = toAssetsDown(raw, expected.totalSupplyAssets, expected.totalSupplyShares)
  if (role === 'borrow') amount = toAssetsUp(raw, expected.totalBorrowAssets, expected.totalBorrowShares)
  const extra: Record<string, string> = {
    market: market.id.toLowerCase(),
    role,
    asset: role === 'collateral' ? market.collateralToken : market.loanToken,
    lltv: market.lltv.toString(),
  }
  if (role !== 'collateral') extra.shares = raw.toString()
  if (role === 'borrow') {
    // The totals the amount was converted at: Morpho's `liquidate` converts the account's shares with them.
    extra.totalBorrowAssets = expected.totalBorrowAssets.toString()
    extra.totalBorrowShares = expected.totalBorrowShares.toString()
  }
  return { venue: 'morpho-blue', wallet, kind, key, amount, extra }
}

/** The market's borrow totals a stored debt was converted at (`buildPosition` writes them with every debt). */
function borrowTotals(position: IndexedPosition): { totalBorrowAssets: bigint; totalBorrowShares: bigint } {
  const integer = (name: 'totalBorrowAssets' | 'totalBorrowShares') => {
    const value = position.extra[name]
    if (value === undefined || !/^\d+$/.test(value))
      throw new InvalidPositionError(position, `extra.${name} is missing or not an integer.`)
    return BigInt(value)
  }
  return { totalBorrowAssets: integer('totalBorrowAssets'), totalBorrowShares: integer('totalBorrowShares') }
}

function storedState(context: AdapterContext<MorphoBlueVenue>, position: IndexedPosition) {
  const id = position.extra.market
  const role = position.extra.role
  const market = context.venue.markets.find((m) => m.id.toLowerCase() === id)
  if (!market) throw new InvalidPositionError(position, `Market ${id} is not configured.`)
  if (role !== 'collateral' && role !== 'supply' && role !== 'borrow') {
    throw new InvalidPositionError(position, `extra.role is ${role}.`)
  }
  const shares = position.extra.shares
  if (role !== 'collateral' && (shares === undefined || !/^\d+$/.test(shares))) {
    throw new InvalidPositionError(position, 'extra.shares is missing or not an integer.')
  }
  const raw = role === 'collateral' ? position.amount : BigInt(shares as string)
  return { market, role: role as MorphoBlueRole, raw }
}
