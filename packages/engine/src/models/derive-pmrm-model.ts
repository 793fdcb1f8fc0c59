import type { PreparedBook } from '../book.js'
import { type DeriveAccount, deriveAccounts } from '../derive/book-to-derive-input.js'
import { type DeriveMarginEvaluation, evaluateDeriveMargin } from '../derive/compute-derive-margin.js'
import { confidenceContingency, nakedShorts } from '../derive/contingencies.js'
import { deriveLineContributions } from '../derive/line-contributions.js'
import {
  emptyCharges,
  type ModelFigures,
  type PositionCharges,
  sumCharges,
  type WorstScenario,
} from './model.js'

/** Splits `total` over positions by weight (nothing when the weights sum to 0). */
function allocate(
  charges: PositionCharges[],
  positions: readonly number[],
  weights: readonly number[],
  total: { im: number; mm: number },
): void {
  let sum = 0
  for (const w of weights) sum += w
  if (sum === 0) return
  positions.forEach((position, k) => {
    charges[position]!.contingencyIm += (total.im * weights[k]!) / sum
    charges[position]!.contingencyMm += (total.mm * weights[k]!) / sum
  })
}

/**
 * The account's contingencies as PMRM_2 adds them, each put on the positions that cause it: perp
 * percentages (and a confidence charge) on the perps by size; per expiry, the naked-short
 * percentages on its short lines by size and its confidence charge on all its lines by size.
 */
function allocateContingencies(
  book: PreparedBook,
  account: DeriveAccount,
  evaluation: DeriveMarginEvaluation,
  charges: PositionCharges[],
): void {
  const { input } = account
  const { other } = input.params
  const { portfolio } = evaluation
  const spot = portfolio.spotPrice
  const perpNotional = Math.abs(portfolio.perpPosition) * spot
  const perpSizes = account.perpPositions.map(
    (i) => book.positions[i]!.quantity * Math.sign(portfolio.perpPosition),
  )
  allocate(charges, account.perpPositions, perpSizes, {
    mm: perpNotional * other.MMPerpPercent,
    im:
      perpNotional * (other.MMPerpPercent + other.IMPerpPercent) +
      confidenceContingency(portfolio.minConfidence, perpNotional, other),
  })
  for (const expiry of portfolio.expiries) {
    const lines = input.options.flatMap((option, k) => (option.expiry === expiry.expiry ? [k] : []))
    const positions = lines.map((k) => account.optionPositions[k]!)
    const naked = nakedShorts(expiry.options) * spot
    allocate(
      charges,
      positions,
      lines.map((k) => Math.max(0, -input.options[k]!.amount)),
      { mm: naked * other.MMOptionPercent, im: naked * (other.MMOptionPercent + other.IMOptionPercent) },
    )
    const confidence = confidenceContingency(expiry.minConfidence, expiry.netOptions * spot, other)
    allocate(
      charges,
      positions,
      lines.map((k) => Math.abs(input.options[k]!.amount)),
      { mm: 0, im: confidence },
    )
  }
}

/** The worst scenario of an account in the report's shape (skew and basis worst cases have none). */
function worstOf(
  book: PreparedBook,
  account: DeriveAccount,
  { result }: DeriveMarginEvaluation,
): WorstScenario | undefined {
  const scenario = account.input.scenarios[result.worstScenario]
  if (!scenario || scenario.volShock === 'linear' || scenario.volShock === 'abs') return undefined
  const weighted = result.scenarioPnl[result.worstScenario]!
  const loss = Math.max(0, -weighted)
  const spotMove = scenario.spotShock - 1
  return {
    factor: book.factors[account.factor]!,
    spotMove,
    volMove: scenario.volShock,
    weight: scenario.dampeningFactor,
    kind: scenario.dampeningFactor < 1 ? 'tail' : 'grid',
    pnl: scenario.dampeningFactor > 0 ? weighted / scenario.dampeningFactor : 0,
    loss,
    signedLoss: spotMove < 0 ? -loss : loss,
  }
}

/**
 * The `derive-pmrm` model: Derive's PMRM_2 ({@link computeDeriveMargin}) with its mainnet
 * parameters and scenarios, one subaccount per factor holding options or perps (see
 * {@link deriveAccounts} for the mapping), requirements added over the subaccounts:
 * IM = −minSpan·(imFactor + peg loss) + IM and MM contingencies, MM = −minSpan·mmFactor + MM
 * contingencies. minSpan is split over positions by their part of the worst scenario
 * ({@link deriveLineContributions}); contingencies go to the positions that cause them. No haircuts:
 * USDC is Derive's cash. Health and status follow from E against IM and MM like the other models.
 *
 * @example
 * derivePmrmModel(book).initialMargin
 */
export function derivePmrmModel(book: PreparedBook): ModelFigures {
  const charges = emptyCharges(book.positions.length)
  const worstScenarios: WorstScenario[] = []
  let riskIm = 0
  let riskMm = 0
  for (const account of deriveAccounts({ book })) {
    const { input } = account
    const evaluation = evaluateDeriveMargin(input)
    const { minSpan, imFactor } = evaluation
    const mmFactor = input.params.margin.mmFactor
    riskIm += -minSpan * imFactor
    riskMm += -minSpan * mmFactor
    const parts = deriveLineContributions(input, evaluation)
    account.optionPositions.forEach((position, k) => {
      charges[position]!.riskIm += -parts.options[k]! * imFactor
      charges[position]!.riskMm += -parts.options[k]! * mmFactor
    })
    const perpTotal = evaluation.portfolio.perpPosition
    for (const position of account.perpPositions) {
      const share = perpTotal === 0 ? 0 : book.positions[position]!.quantity / perpTotal
      charges[position]!.riskIm += -parts.perp * share * imFactor
      charges[position]!.riskMm += -parts.perp * share * mmFactor
    }
    allocateContingencies(book, account, evaluation, charges)
    const worst = worstOf(book, account, evaluation)
    if (worst) worstScenarios.push(worst)
  }
  const contingencyIm = sumCharges(charges, 'contingencyIm')
  const contingencyMm = sumCharges(charges, 'contingencyMm')
  return {
    haircutIm: 0,
    haircutMm: 0,
    riskIm,
    riskMm,
    contingencyIm,
    contingencyMm,
    initialMargin: riskIm + contingencyIm,
    maintenanceMargin: riskMm + contingencyMm,
    charges,
    worstScenarios,
  }
}
