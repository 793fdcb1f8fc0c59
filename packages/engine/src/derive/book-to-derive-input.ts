import type { PreparedBook, PreparedPosition } from '../book.js'
import { secondsPerYear } from './black76.js'
import { deriveMainnetParams, deriveMainnetScenarios } from './mainnet-params.js'
import type { DeriveExpiryInput, DeriveMarginInput, DeriveParams, DeriveScenario } from './types.js'

/** Derive's subaccounts hold their cash in USDC: the one stable the model takes as collateral. */
export const deriveCashAsset = 'USDC'

/**
 * Positions the `derive-pmrm` model can put in a Derive subaccount: options, perps, and USDC held
 * as spot or collateral-enabled supply (Derive's cash). Anything else (other tokens, debt) has no
 * Derive counterpart whose parameters we know and is reported as `not-modelled`.
 *
 * @example
 * isDerivePosition(book.positions[0]) // true for an option
 */
export function isDerivePosition(p: PreparedPosition): boolean {
  const { kind, asset } = p.position
  if (kind === 'option' || kind === 'perp') return true
  return (kind === 'spot' || kind === 'supply') && asset === deriveCashAsset
}

/** One Derive subaccount: the options and perps of one factor, and where its lines come from. */
export type DeriveAccount = {
  /** Index into `book.factors`. */
  factor: number
  input: DeriveMarginInput
  /** Book position index of each `input.options` line. */
  optionPositions: number[]
  /** Book position indices of the perps netted into `input.perp`. */
  perpPositions: number[]
}

/** Parameters of {@link deriveAccounts}. */
export type DeriveAccountsParameters = {
  book: PreparedBook
  params?: DeriveParams | undefined
  scenarios?: readonly DeriveScenario[] | undefined
}

/**
 * A flat raw-SVI slice with implied vol σ at every strike: a = σ², b = 0 (so w(k) = σ² and the
 * wing parameters ρ, m, σ_svi do not matter) over a reference time of one year, so the slice's vol
 * is √(w/τ) = σ whatever the expiry. xmargin knows one implied vol per (underlying, expiry) and no
 * smile, so this is the slice it stands for.
 *
 * @example
 * flatSvi(0.6, 3000) // { a: 0.36, b: 0, rho: 0, m: 0, sigma: 0.1, forward: 3000, tau: 1 }
 */
export function flatSvi(volatility: number, forward: number): DeriveExpiryInput['svi'] {
  return { a: volatility * volatility, b: 0, rho: 0, m: 0, sigma: 0.1, forward, tau: 1 }
}

/**
 * Maps a prepared book to Derive subaccounts, one per factor holding options or perps (Derive
 * margins each market alone), with Derive's mainnet parameters and scenarios by default:
 * - spot: the price of the factor's first option or perp position in book order (all positions of
 *   a factor move together in shocks and liquidation searches);
 * - per expiry (seconds to expiry = expiry − now): forward = spot·e^{r·T} entirely spot-driven
 *   (forwardFixed 0), the book's rate, a flat SVI slice at the book's implied vol for that expiry,
 *   confidences 1 (xmargin's feeds carry no confidence; staleness turns the report UNKNOWN instead);
 * - perps of the factor netted into Derive's one perp balance, at the first perp's price, their
 *   unrealised P&L and funding summed;
 * - USDC as cash (stable price: the book's USDC price, else 1) on the first subaccount only; cash
 *   moves the mark-to-market, not the requirement.
 *
 * @example
 * const [account] = deriveAccounts({ book })
 * computeDeriveMargin(account.input).mm
 */
export function deriveAccounts(parameters: DeriveAccountsParameters): DeriveAccount[] {
  const { book } = parameters
  const params = parameters.params ?? deriveMainnetParams
  const scenarios = parameters.scenarios ?? deriveMainnetScenarios
  const cashLines = book.positions.filter(
    (p) =>
      (p.position.kind === 'spot' || p.position.kind === 'supply') && p.position.asset === deriveCashAsset,
  )
  const stablePrice = cashLines[0]?.price ?? 1
  let cash = 0
  for (const p of cashLines) cash += p.value / stablePrice

  const accounts: DeriveAccount[] = []
  book.factors.forEach((_, factor) => {
    const members: number[] = []
    book.positions.forEach((p, i) => {
      if (p.factor === factor && (p.position.kind === 'option' || p.position.kind === 'perp')) members.push(i)
    })
    if (members.length === 0) return
    const spot = book.positions[members[0]!]!.price
    const optionPositions = members.filter((i) => book.positions[i]!.option !== undefined)
    const perpPositions = members.filter((i) => book.positions[i]!.position.kind === 'perp')
    const expiries = new Map<number, DeriveExpiryInput>()
    const options = optionPositions.map((i) => {
      const p = book.positions[i]!
      const option = p.option!
      const expiry = (p.position as { expiry: number }).expiry - book.now
      if (!expiries.has(expiry)) {
        const forward = spot * Math.exp((book.rate * Math.max(expiry, 0)) / secondsPerYear)
        expiries.set(expiry, {
          expiry,
          forwardFixed: 0,
          forwardVariable: forward,
          forwardConfidence: 1,
          rate: book.rate,
          rateConfidence: 1,
          volConfidence: 1,
          svi: flatSvi(option.sigma, forward),
        })
      }
      return { expiry, strike: option.strike, isCall: option.call, amount: p.quantity }
    })
    let perp: DeriveMarginInput['perp']
    for (const i of perpPositions) {
      const p = book.positions[i]!
      perp ??= { amount: 0, price: p.price, confidence: 1, unrealisedValue: 0 }
      perp.amount += p.quantity
      perp.unrealisedValue += p.value
    }
    accounts.push({
      factor,
      input: {
        spot: { price: spot, confidence: 1 },
        stablePrice,
        stableConfidence: 1,
        cash: accounts.length === 0 ? cash : 0,
        perp,
        options,
        expiries: [...expiries.values()],
        collaterals: [],
        scenarios,
        params,
      },
      optionPositions,
      perpPositions,
    })
  })
  return accounts
}
