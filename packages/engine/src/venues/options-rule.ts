import {
  groupAccounts,
  type PriceMove,
  ratioHealth,
  type VenueAccount,
  type VenueCheck,
  type VenueRule,
} from './venue-rule.js'

/**
 * The reference options venue's short margin: intrinsic value plus 15% of spot per unit, a put's
 * capped at its strike (`ReferenceOptionsVenue.SHORT_MARGIN_BPS` = 1500; a devnet test reads it).
 */
export const OPTIONS_SHORT_MARGIN_RATIO = 0.15

/**
 * The devnet's reference options venue, per (chain, wallet) account on venue `options`: the
 * collateral posted in the venue must cover `marginRequirement` (Σ over written options of
 * |size|·min(intrinsic + 15%·spot, strike for a put)). The venue has no liquidations: failing the
 * check blocks withdrawals and new shorts, and a settlement may fall short, so the rule reports
 * the breach with `liquidates: false`.
 *
 * @example
 * optionsRule.check(optionsRule.accountsOf(book.positions, book.rate)[0]!).health
 */
export const optionsRule: VenueRule = {
  name: 'options',
  liquidates: false,
  accountsOf: (positions) =>
    groupAccounts(positions, 'options', (p) =>
      p.position.venue === 'options' && (p.position.kind === 'option' || p.position.kind === 'spot')
        ? { market: null }
        : null,
    ),
  readsPrice: (p) => p.position.kind === 'option',
  check: (account, move) => checkOptions(account, move),
}

function checkOptions(account: VenueAccount, move: PriceMove | undefined): VenueCheck {
  let collateral = 0
  let required = 0
  let topUp: VenueCheck['topUp'] = null
  for (const p of account.positions) {
    const price = p.price * (move ? move(p) : 1)
    if (p.position.kind === 'spot') {
      // USDC posted in the venue counts at face value (the contract compares USDC amounts).
      collateral += p.quantity
      topUp = { asset: p.position.asset, weight: 1, unitValue: 1 }
      continue
    }
    const option = p.option
    if (!option || p.quantity >= 0) continue
    const intrinsic = option.call ? Math.max(0, price - option.strike) : Math.max(0, option.strike - price)
    let perUnit = intrinsic + price * OPTIONS_SHORT_MARGIN_RATIO
    if (!option.call && perUnit > option.strike) perUnit = option.strike
    required += -p.quantity * perUnit
  }
  return {
    health: ratioHealth(collateral, required),
    collateral,
    requirement: required,
    liquidatable: required > 0 && collateral < required,
    topUp,
  }
}
