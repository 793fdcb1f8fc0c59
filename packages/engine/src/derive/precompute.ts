import type { ArrangedExpiry, ArrangedPortfolio } from './arrange-portfolio.js'
import { basisContingency, confidenceContingency, nakedShorts } from './contingencies.js'
import { shockedExpiryValue, staticDiscounts, volShockMultipliers } from './expiry-pricing.js'
import type { DeriveParams } from './types.js'

/** An expiry with the figures every scenario reuses. */
export type PricedExpiry = ArrangedExpiry & {
  /** Value of the expiry's options at the current forward and vols (no static discount). */
  mark: number
  volShockUp: number
  volShockDown: number
  staticDiscountPositive: number
  staticDiscountNegative: number
}

/** The portfolio's marks and contingencies, as PMRM_2's `addPrecomputes` leaves them. */
export type PricedPortfolio = ArrangedPortfolio & {
  expiries: PricedExpiry[]
  optionMtm: number
  collateralMtm: number
  /** Options + collateral + perp unrealised value (cash excluded). */
  totalMtm: number
  /** ≤ 0. */
  basisContingency: number
  /** Charged to both margins: perp and naked-short percentages, collateral MM haircuts. */
  mmContingency: number
  /** Charged to initial margin only, on top of mmContingency: the IM add-ons and confidence charges. */
  imContingency: number
}

/**
 * Prices the marks and adds up the contingencies of an arranged portfolio: perp notional
 * (|size|·spot) times MMPerpPercent / IMPerpPercent; per expiry the basis contingency, the naked
 * shorts (per strike) times spot times MMOptionPercent / IMOptionPercent and a confidence charge on
 * Σ|amount|·spot; per collateral its haircuts on its value and a confidence charge on that value.
 *
 * @example
 * const priced = pricePortfolio(arrangePortfolio(input), input.params)
 * priced.optionMtm // Σ amount·Black-76 premium
 */
export function pricePortfolio(portfolio: ArrangedPortfolio, params: DeriveParams): PricedPortfolio {
  const { other } = params
  let totalMtm = portfolio.perpValue
  const perpNotional = Math.abs(portfolio.perpPosition) * portfolio.spotPrice
  let mmContingency = perpNotional * other.MMPerpPercent
  let imContingency =
    perpNotional * other.IMPerpPercent + confidenceContingency(portfolio.minConfidence, perpNotional, other)

  let optionMtm = 0
  let basis = 0
  const expiries = portfolio.expiries.map((expiry): PricedExpiry => {
    const mark = shockedExpiryValue({ expiry, spotShock: 1, volMultiplier: 1, minVol: 0 })
    optionMtm += mark
    totalMtm += mark
    basis += basisContingency(expiry, mark, params.basis)
    const shocks = volShockMultipliers(expiry.secondsToExpiry, params.volShock)
    const discounts = staticDiscounts(expiry, params.margin)
    const nakedNotional = nakedShorts(expiry.options) * portfolio.spotPrice
    mmContingency += nakedNotional * other.MMOptionPercent
    imContingency += nakedNotional * other.IMOptionPercent
    imContingency += confidenceContingency(
      expiry.minConfidence,
      expiry.netOptions * portfolio.spotPrice,
      other,
    )
    return {
      ...expiry,
      mark,
      volShockUp: shocks.up,
      volShockDown: shocks.down,
      staticDiscountPositive: discounts.positive,
      staticDiscountNegative: discounts.negative,
    }
  })

  let collateralMtm = 0
  for (const collateral of portfolio.collaterals) {
    collateralMtm += collateral.value
    totalMtm += collateral.value
    mmContingency += collateral.value * collateral.MMHaircut
    imContingency += collateral.value * collateral.IMHaircut
    imContingency += confidenceContingency(collateral.minConfidence, collateral.value, other)
  }

  return {
    ...portfolio,
    expiries,
    optionMtm,
    collateralMtm,
    totalMtm,
    basisContingency: basis,
    mmContingency,
    imContingency,
  }
}
