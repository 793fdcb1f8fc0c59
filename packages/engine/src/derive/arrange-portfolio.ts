import { secondsPerYear } from './black76.js'
import { InvalidDeriveInputError } from './errors.js'
import { sviVol } from './svi.js'
import type { DeriveCollateralInput, DeriveExpiryInput, DeriveMarginInput } from './types.js'

/** One option line of an expiry, with its SVI vol (the venue reads the vol once per strike). */
export type ArrangedOption = { strike: number; isCall: boolean; amount: number; vol: number }

/** One expiry the book holds options in, with the market data the scenarios reuse. */
export type ArrangedExpiry = {
  /** The expiry as the input names it (seconds to expiry, not floored). */
  expiry: number
  /** Seconds to expiry, floored at 0 (an expired option is priced at intrinsic). */
  secondsToExpiry: number
  forwardFixed: number
  forwardVariable: number
  /** The rate floored at 0, as the venue assumes. */
  rate: number
  /** e^{−rate·T}. */
  discount: number
  /** The lowest of the spot, perp, forward, rate and vol confidences. */
  minConfidence: number
  /** Σ |amount| over the expiry's options. */
  netOptions: number
  options: ArrangedOption[]
}

export type ArrangedCollateral = {
  /** amount·price / stablePrice. */
  value: number
  /** min(collateral confidence, spot confidence). */
  minConfidence: number
  isRiskCancelling: boolean
  MMHaircut: number
  IMHaircut: number
}

/** The venue's view of one subaccount before any scenario is run. */
export type ArrangedPortfolio = {
  spotPrice: number
  stablePrice: number
  cash: number
  perpPosition: number
  perpPrice: number
  perpValue: number
  /** Spot confidence, lowered by the perp's when a perp is held. */
  minConfidence: number
  expiries: ArrangedExpiry[]
  collaterals: ArrangedCollateral[]
}

function compareCollaterals(x: DeriveCollateralInput, y: DeriveCollateralInput): number {
  if (x.name !== y.name) return x.name < y.name ? -1 : 1
  return (
    x.amount - y.amount ||
    x.price - y.price ||
    x.confidence - y.confidence ||
    x.MMHaircut - y.MMHaircut ||
    x.IMHaircut - y.IMHaircut ||
    Number(x.isRiskCancelling) - Number(y.isRiskCancelling)
  )
}

function requireFinite(field: string, value: number): number {
  if (!Number.isFinite(value)) throw new InvalidDeriveInputError(field, `${value} is not a finite number`)
  return value
}

/** Fields the venue holds as unsigned integers: a negative value cannot exist there (it reverts). */
function requireNonNegative(field: string, record: object, keys: readonly string[]): void {
  for (const key of keys) {
    const value = (record as Record<string, unknown>)[key]
    if (typeof value === 'number' && value < 0)
      throw new InvalidDeriveInputError(
        `${field}.${key}`,
        `${value} is negative; the venue holds it unsigned`,
      )
  }
}

function requireFiniteFields(field: string, record: object): void {
  for (const [key, value] of Object.entries(record)) {
    if (typeof value === 'number') requireFinite(`${field}.${key}`, value)
    else if (value !== null && typeof value === 'object') requireFiniteFields(`${field}.${key}`, value)
  }
}

/**
 * Holdings as the venue stores them: one balance per (expiry, strike, call/put), so repeated lines
 * are summed and zero balances dropped; sorted by expiry, strike, put before call.
 */
function mergeOptions(
  input: DeriveMarginInput,
): Map<number, { strike: number; isCall: boolean; amount: number }[]> {
  input.options.forEach((option, i) => {
    requireFiniteFields(`options[${i}]`, option)
    if (option.strike < 0) throw new InvalidDeriveInputError(`options[${i}].strike`, 'a strike must be ≥ 0')
  })
  // Summed in a fixed order (amount last in the key) so that the input's order cannot change the rounding.
  const sorted = [...input.options].sort(
    (x, y) =>
      x.expiry - y.expiry ||
      x.strike - y.strike ||
      Number(x.isCall) - Number(y.isCall) ||
      x.amount - y.amount,
  )
  const balances = new Map<string, { expiry: number; strike: number; isCall: boolean; amount: number }>()
  for (const option of sorted) {
    const key = `${option.expiry}|${option.strike}|${option.isCall}`
    const held = balances.get(key)
    if (held) held.amount += option.amount
    else balances.set(key, { ...option })
  }
  const lines = [...balances.values()].filter((line) => line.amount !== 0)
  const byExpiry = new Map<number, { strike: number; isCall: boolean; amount: number }[]>()
  for (const { expiry, ...line } of lines) {
    const list = byExpiry.get(expiry)
    if (list) list.push(line)
    else byExpiry.set(expiry, [line])
  }
  return byExpiry
}

function indexExpiries(input: DeriveMarginInput): Map<number, { data: DeriveExpiryInput; field: string }> {
  const index = new Map<number, { data: DeriveExpiryInput; field: string }>()
  input.expiries.forEach((data, i) => {
    const field = `expiries[${i}]`
    requireFiniteFields(field, data)
    if (index.has(data.expiry))
      throw new InvalidDeriveInputError(`${field}.expiry`, `expiry ${data.expiry} is listed twice`)
    index.set(data.expiry, { data, field })
  })
  return index
}

/**
 * Arranges an input the way PMRM_2's `_arrangePortfolio` does: options grouped by expiry with their
 * SVI vols, the rate floored at 0, the discount factor, the confidences folded to a minimum, and
 * collateral valued in the stable unit. Throws {@link InvalidDeriveInputError} for a non-finite
 * number, an option whose expiry has no market data, or a value the venue would revert on.
 *
 * @example
 * const portfolio = arrangePortfolio(input)
 * portfolio.expiries[0].options[0].vol // the SVI vol of the first strike
 */
export function arrangePortfolio(input: DeriveMarginInput): ArrangedPortfolio {
  requireFiniteFields('spot', input.spot)
  requireNonNegative('spot', input.spot, ['price', 'confidence'])
  requireFinite('stablePrice', input.stablePrice)
  requireFinite('cash', input.cash)
  if (!(input.stablePrice > 0))
    throw new InvalidDeriveInputError('stablePrice', 'the stable price must be > 0')
  const spotConfidence = input.spot.confidence
  let minConfidence = spotConfidence
  let perpPosition = 0
  let perpPrice = 0
  let perpValue = 0
  if (input.perp) {
    requireFiniteFields('perp', input.perp)
    requireNonNegative('perp', input.perp, ['price', 'confidence'])
    // The venue holds no perp balance of 0, so such a line has neither value nor confidence.
    if (input.perp.amount !== 0) {
      perpPosition = input.perp.amount
      perpPrice = input.perp.price
      perpValue = input.perp.unrealisedValue
      minConfidence = Math.min(minConfidence, input.perp.confidence)
    }
  }

  const marketData = indexExpiries(input)
  const expiries: ArrangedExpiry[] = []
  for (const [expiry, lines] of mergeOptions(input)) {
    const found = marketData.get(expiry)
    if (!found)
      throw new InvalidDeriveInputError('options', `no market data in expiries for expiry ${expiry}`)
    const { data, field } = found
    requireNonNegative(field, data, [
      'forwardFixed',
      'forwardVariable',
      'forwardConfidence',
      'rateConfidence',
      'volConfidence',
    ])
    requireNonNegative(`${field}.svi`, data.svi, ['b', 'sigma'])
    const secondsToExpiry = Math.max(expiry, 0)
    const rate = Math.max(data.rate, 0)
    let netOptions = 0
    const options = lines.map((line) => {
      netOptions += Math.abs(line.amount)
      return { ...line, vol: sviVol({ strike: line.strike, svi: data.svi, field: `${field}.svi` }) }
    })
    expiries.push({
      expiry,
      secondsToExpiry,
      forwardFixed: data.forwardFixed,
      forwardVariable: data.forwardVariable,
      rate,
      discount: Math.exp((-rate * secondsToExpiry) / secondsPerYear),
      minConfidence: Math.min(minConfidence, data.forwardConfidence, data.rateConfidence, data.volConfidence),
      netOptions,
      options,
    })
  }

  // Sorted so that the order of the input lines cannot change a sum's rounding.
  const sortedCollaterals = input.collaterals
    .map((collateral, i) => ({ collateral, i }))
    .sort((x, y) => compareCollaterals(x.collateral, y.collateral))
  const collaterals = sortedCollaterals.map(({ collateral, i }) => {
    requireFiniteFields(`collaterals[${i}]`, collateral)
    requireNonNegative(`collaterals[${i}]`, collateral, ['price', 'confidence', 'MMHaircut', 'IMHaircut'])
    if (collateral.amount < 0) {
      throw new InvalidDeriveInputError(`collaterals[${i}].amount`, 'a collateral balance must be ≥ 0')
    }
    return {
      value: (collateral.amount * collateral.price) / input.stablePrice,
      minConfidence: Math.min(collateral.confidence, spotConfidence),
      isRiskCancelling: collateral.isRiskCancelling,
      MMHaircut: collateral.MMHaircut,
      IMHaircut: collateral.IMHaircut,
    }
  })

  return {
    spotPrice: input.spot.price,
    stablePrice: input.stablePrice,
    cash: input.cash,
    perpPosition,
    perpPrice,
    perpValue,
    minConfidence,
    expiries,
    collaterals,
  }
}
