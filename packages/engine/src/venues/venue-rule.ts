import type { Address, AssetId, ChainId, VenueId } from '@xmargin/core'
import type { PreparedPosition } from '../book.js'

/** The venue rules the engine evaluates: each venue's own liquidation (or margin) check. */
export type VenueRuleName = 'aave-v3' | 'morpho-blue' | 'perp-v2' | 'options'

/** One account as a venue sees it: the positions its rule reads, on one chain, for one wallet. */
export type VenueAccount = {
  rule: VenueRuleName
  chainId: ChainId
  venue: VenueId
  wallet: Address
  /** Morpho Blue market id; null for venues whose rule covers the whole account. */
  market: string | null
  positions: readonly PreparedPosition[]
}

/**
 * A price move applied before a rule is evaluated: the multiplier on a position's current price
 * (1 = unchanged). Liquidation searches move one factor or one asset; a cascade moves every price.
 */
export type PriceMove = (p: PreparedPosition) => number

/** What a venue's rule says about an account at some prices. USD figures are float64. */
export type VenueCheck = {
  /**
   * The venue's own health: collateral side over requirement (Aave's health factor, Morpho's
   * LLTV·collateral / borrowed, Perp's account value / maintenance requirement, the options
   * venue's collateral / short requirement); +Infinity without a requirement. 1 is the line.
   */
  health: number
  /** What the rule counts on the collateral side (USD): threshold-weighted collateral, account value. */
  collateral: number
  /** What the rule compares it with (USD): debt, maintenance requirement, short requirement. */
  requirement: number
  /** The rule fails now: the venue liquidates (or, for the options venue, blocks withdrawals). */
  liquidatable: boolean
  /**
   * The collateral to add to bring the account back to health 1: the asset the rule weighs best,
   * the weight one USD of it carries (Aave's liquidation threshold, Morpho's LLTV, 1 for cash) and
   * the USD one unit counts for (its price, or 1 where the rule counts it at face value).
   */
  topUp: { asset: AssetId; weight: number; unitValue: number } | null
}

/**
 * One side of a liquidation: an asset, its raw amount as the contract moves it (to the wei), that
 * amount in units of the asset and its USD value at the moved prices (float64).
 */
export type VenueLiquidationLeg = { asset: AssetId; amount: bigint; quantity: number; value: number }

/** Morpho Blue's share accounting of one `liquidate`: what the cascade needs to apply it to the book. */
export type MorphoLiquidationShares = {
  /** Borrow shares repaid by the liquidator. */
  repaidShares: bigint
  /** Borrow shares written off as bad debt (the collateral ran out). */
  badDebtShares: bigint
  /** The account's borrow shares and the market's borrow totals after the call. */
  after: { borrowShares: bigint; totalBorrowAssets: bigint; totalBorrowShares: bigint }
}

/** Perp v2's close of one liquidation, in the contract's 18-decimal figures. */
export type PerpLiquidationClose = {
  /** The trader's position change, signed raw base units (opposite in sign to the position). */
  closedSize: bigint
  /**
   * `|exchangedPositionNotional|`, 18 decimals (USD): the virtual pool's swap where `closedAt` is
   * `'pool'` (to the wei), |closed size| × index price where it is `'index'`.
   */
  closedNotional: bigint
  /** `mulRatio(closedNotional, liquidationPenaltyRatio)`, 18 decimals: the trader pays it to the liquidator. */
  penalty: bigint
  /** The exchange fee the close paid, 18 decimals (`OrderBook.replaySwap`'s fee); 0n at the index price. */
  exchangeFee: bigint
  /** Whether only `partialCloseRatio` of the position was closed. */
  partial: boolean
  /**
   * Where the close was priced: `'pool'`, swapped through the market's stored virtual pool (brought
   * to the index first), as the contract does; `'index'`, at the index price, where no pool state was
   * given (a pure engine caller without a store, a market whose pool the chain spec does not name).
   */
  closedAt: 'pool' | 'index'
}

/**
 * What one liquidation call of a failing account does under the venue's rule, in the contract's
 * integer arithmetic: the debt the liquidator repays, the collateral that leaves the account (bonus
 * and any protocol fee included), and the debt left without collateral behind it.
 */
export type VenueLiquidation = {
  repaid: VenueLiquidationLeg
  seized: VenueLiquidationLeg
  /** Raw units of `seized` that go to the venue's treasury (Aave's protocol fee), not to the liquidator. */
  protocolFee: bigint
  /** USD of debt left when the account's collateral is gone (0 otherwise). */
  badDebt: number
  /**
   * Raw debt units the venue writes off in the same call (Morpho Blue realizes bad debt at once,
   * socialized to its lenders); 0n where bad debt stays on the account (Aave v3).
   */
  writtenOff: bigint
  /** Morpho Blue only: the shares repaid and written off, and the share state after. */
  morpho?: MorphoLiquidationShares | undefined
  /**
   * Perp v2 only: the position closed and the penalty. `repaid` is then the closed position and
   * `seized` the penalty in the settlement token; nothing is sold into a spot market.
   */
  perp?: PerpLiquidationClose | undefined
}

/** A venue rule: how it groups positions into accounts, and its check of one account. */
export type VenueRule = {
  name: VenueRuleName
  /** Whether failing the check lets liquidators act (false for the options venue: no liquidations). */
  liquidates: boolean
  /** The accounts of a book this rule covers, in book order. */
  accountsOf: (positions: readonly PreparedPosition[], rate: number) => VenueAccount[]
  /**
   * Whether the rule reads this position's price (Perp v2 and the options venue count their USDC
   * collateral at face value): the factors searched for liquidation prices are those it reads.
   */
  readsPrice: (p: PreparedPosition) => boolean
  /** The rule evaluated on one account with prices moved by `move` (unchanged when absent). */
  check: (account: VenueAccount, move?: PriceMove | undefined) => VenueCheck
  /**
   * One liquidation call's effect at moved prices, or null while the account does not fail. Absent
   * where the venue has none (the options venue).
   */
  liquidation?: ((account: VenueAccount, move?: PriceMove | undefined) => VenueLiquidation | null) | undefined
}

type GroupedAccount = VenueAccount & { positions: PreparedPosition[] }

/** Accounts matched by a scan up to this many; by a map keyed by (chain, venue, wallet, market) beyond. */
const SCAN_ACCOUNTS = 8

/** The map key of an account: lengths make it unambiguous whatever the names contain. */
function accountKey(chainId: number, venue: string, wallet: string, market: string): string {
  return `${chainId}|${venue.length}|${venue}|${wallet.length}|${wallet}|${market}`
}

/**
 * Groups positions by (chain, venue, wallet in any case, market; a null market is the empty one)
 * in book order (the accounts of a rule). The few accounts of one wallet's book are found by a
 * scan, without building a key per position; a map once there are many (a whole market's book).
 *
 * @example
 * groupAccounts(book.positions, 'perp-v2', (p) => (p.position.venue === 'perp' ? { market: null } : null))
 */
export function groupAccounts(
  positions: readonly PreparedPosition[],
  rule: VenueRuleName,
  keyOf: (p: PreparedPosition) => { market: string | null } | null,
): VenueAccount[] {
  const accounts: GroupedAccount[] = []
  const wallets: string[] = []
  let byKey: Map<string, GroupedAccount> | undefined
  for (const p of positions) {
    const key = keyOf(p)
    if (!key) continue
    const { chainId, venue, wallet } = p.position
    const lower = wallet.toLowerCase()
    const market = key.market ?? ''
    let account: GroupedAccount | undefined
    if (byKey === undefined) {
      for (let a = 0; a < accounts.length; a++) {
        const seen = accounts[a]!
        if (
          seen.chainId === chainId &&
          seen.venue === venue &&
          wallets[a] === lower &&
          (seen.market ?? '') === market
        ) {
          account = seen
          break
        }
      }
    } else account = byKey.get(accountKey(chainId, venue, lower, market))
    if (!account) {
      account = { rule, chainId, venue, wallet, market: key.market, positions: [] }
      accounts.push(account)
      wallets.push(lower)
      if (byKey !== undefined) byKey.set(accountKey(chainId, venue, lower, market), account)
      else if (accounts.length > SCAN_ACCOUNTS) {
        byKey = new Map()
        for (let a = 0; a < accounts.length; a++) {
          const seen = accounts[a]!
          byKey.set(accountKey(seen.chainId, seen.venue, wallets[a]!, seen.market ?? ''), seen)
        }
      }
    }
    account.positions.push(p)
  }
  return accounts
}

/** health = collateral / requirement, +Infinity without a requirement (and never below 0). */
export function ratioHealth(collateral: number, requirement: number): number {
  if (requirement > 0) return Math.max(0, collateral / requirement)
  return collateral >= 0 ? Number.POSITIVE_INFINITY : 0
}
