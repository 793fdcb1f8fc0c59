import {
  type LiquidatePerpV2Parameters,
  liquidatePerpV2,
  PERP_V2_MM_RATIO_PPM,
  PERP_V2_RATIO_SCALE,
} from './perp-v2-liquidation.js'
import {
  groupAccounts,
  type PriceMove,
  ratioHealth,
  type VenueAccount,
  type VenueCheck,
  type VenueRule,
} from './venue-rule.js'

/**
 * Perp v2's maintenance margin ratio (`ClearingHouseConfig.getMmRatio()`, 62_500 = 6.25% in 1e6
 * units): the ratio deployed by Perpetual Protocol and by the devnet (a devnet test reads it).
 */
export const PERP_V2_MAINTENANCE_MARGIN_RATIO = Number(PERP_V2_MM_RATIO_PPM) / Number(PERP_V2_RATIO_SCALE)

/** Parameters of {@link createPerpV2Rule}. */
export type CreatePerpV2RuleParameters = {
  /** Maintenance margin ratio on the total absolute position value; default 6.25%. */
  maintenanceMarginRatio?: number | undefined
  /** The liquidation's penalty and partial-close ratios (ppm) and partial flag; defaults as deployed. */
  liquidation?: LiquidatePerpV2Parameters | undefined
}

/**
 * Perp v2, per (chain, wallet) account on venue `perp`: liquidatable when the account value
 * (vault collateral at face value + owed realized PnL + unrealized PnL + pending funding) is below `mmRatio · Σ |size|·index price`
 * (`ClearingHouse._isLiquidatable`). Health = account value / that requirement. A liquidation
 * closes the largest market's position and charges the penalty (`liquidatePerpV2`).
 *
 * @example
 * const rule = createPerpV2Rule({ maintenanceMarginRatio: 0.0625 })
 * rule.check(rule.accountsOf(book.positions, book.rate)[0]!).health
 */
export function createPerpV2Rule(parameters: CreatePerpV2RuleParameters = {}): VenueRule {
  const ratio = parameters.maintenanceMarginRatio ?? PERP_V2_MAINTENANCE_MARGIN_RATIO
  return {
    name: 'perp-v2',
    liquidates: true,
    accountsOf: (positions) =>
      groupAccounts(positions, 'perp-v2', (p) =>
        p.position.venue === 'perp' && (p.position.kind === 'perp' || p.position.kind === 'spot')
          ? { market: null }
          : null,
      ),
    readsPrice: (p) => p.position.kind === 'perp',
    check: (account, move) => checkPerp(account, move, ratio),
    liquidation: (account, move) =>
      checkPerp(account, move, ratio).liquidatable
        ? liquidatePerpV2(account, move, parameters.liquidation)
        : null,
  }
}

/** Perp v2 with the default maintenance margin ratio. */
export const perpV2Rule: VenueRule = createPerpV2Rule()

function checkPerp(account: VenueAccount, move: PriceMove | undefined, ratio: number): VenueCheck {
  let value = 0
  let notional = 0
  let topUp: VenueCheck['topUp'] = null
  for (const p of account.positions) {
    const price = p.price * (move ? move(p) : 1)
    if (p.position.kind === 'perp') {
      value += p.quantity * (price - p.entry) + p.funding
      notional += Math.abs(p.quantity) * price
    } else {
      // The vault's settlement token (USDC) counts at face value: Perp v2 prices no settlement token.
      value += p.quantity
      topUp = { asset: p.position.asset, weight: 1, unitValue: 1 }
    }
  }
  const requirement = notional * ratio
  return {
    health: ratioHealth(value, requirement),
    collateral: value,
    requirement,
    liquidatable: notional > 0 && value < requirement,
    topUp,
  }
}
