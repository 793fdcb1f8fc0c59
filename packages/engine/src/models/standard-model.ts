import type { PreparedBook, PreparedPosition } from '../book.js'
import { applyHaircuts } from '../haircuts.js'
import { scenarioRisk } from '../scenario-risk.js'
import { emptyCharges, type ModelFigures, type PositionCharges, sumCharges } from './model.js'

function marketKey(p: PreparedPosition): string {
  return `${p.position.chainId}|${p.position.venue}|${p.position.asset}|${p.position.kind === 'perp' ? 'perp' : 'spot'}`
}

/**
 * The `standard` model (dYdX v4 / Hyperliquid cross margin, Aave-like lending): netting only
 * inside one market (same chain, venue and asset), no offsets across markets or factors.
 * - lending/spot market, net long: tiered haircut on the net value (allocated to its collateral);
 *   net short: |net value| × the asset's first-tier haircut;
 * - perp market: |net notional| × IMF, IMF rising linearly from `baseImf` to `baseImf + imfIncrease`
 *   between two notionals (size-scaled IMF), MMF = `mmfRatio` × IMF;
 * - written option (Deribit): max(otmBase·S − OTM, floor·S) per unit initial, mm·S maintenance;
 * - stale prices: the portfolio model's stale contingency.
 */
export function standardModel(book: PreparedBook): ModelFigures {
  const { standard, contingencies } = book.params
  const charges = emptyCharges(book.positions.length)
  const markets = new Map<string, number[]>()
  book.positions.forEach((p, i) => {
    if (p.position.kind === 'option') return
    const key = marketKey(p)
    const members = markets.get(key)
    if (members) members.push(i)
    else markets.set(key, [i])
  })

  // Net-long lending/spot markets become collateral; haircut them like the portfolio model.
  const netLong: PreparedPosition[] = []
  const imfAt = (notional: number) => {
    const span = standard.notionalUpperUsd - standard.notionalLowerUsd
    const x = Math.min(1, Math.max(0, (notional - standard.notionalLowerUsd) / span))
    return standard.baseImf + standard.imfIncrease * x
  }
  for (const members of markets.values()) {
    const first = book.positions[members[0]!]!
    let netValue = 0
    for (const i of members)
      netValue += book.positions[i]!.position.kind === 'perp' ? 0 : book.positions[i]!.value
    if (first.position.kind === 'perp') {
      let net = 0
      for (const i of members) net += book.positions[i]!.quantity
      const notional = Math.abs(net) * first.price
      const imf = imfAt(notional)
      for (const i of members) {
        const p = book.positions[i]!
        const share = net === 0 ? 0 : (p.quantity * Math.sign(net)) / Math.abs(net)
        charges[i]!.riskIm = notional * imf * share
        charges[i]!.riskMm = notional * imf * standard.mmfRatio * share
      }
      continue
    }
    const firstTier = first.haircuts[0]!
    if (netValue >= 0) {
      let collateralValue = 0
      for (const i of members) if (book.positions[i]!.collateral) collateralValue += book.positions[i]!.value
      if (collateralValue <= 0 || netValue === 0) continue
      // One synthetic collateral line per market carrying its net value.
      netLong.push({ ...first, value: netValue, collateral: true })
    } else {
      let debtValue = 0
      for (const i of members)
        if (book.positions[i]!.position.kind === 'debt') debtValue -= book.positions[i]!.value
      for (const i of members) {
        const p = book.positions[i]!
        if (p.position.kind !== 'debt') continue
        const share = -p.value / debtValue
        charges[i]!.riskIm = -netValue * firstTier.im * share
        charges[i]!.riskMm = -netValue * firstTier.mm * share
      }
    }
  }
  if (netLong.length > 0) {
    const lines = emptyCharges(netLong.length)
    applyHaircuts({ ...book, positions: netLong }, lines)
    netLong.forEach((line, j) => {
      const members = markets.get(marketKey(line))!
      let collateralValue = 0
      for (const i of members) if (book.positions[i]!.collateral) collateralValue += book.positions[i]!.value
      for (const i of members) {
        const p = book.positions[i]!
        if (!p.collateral) continue
        charges[i]!.haircutIm = (lines[j]!.haircutIm * p.value) / collateralValue
        charges[i]!.haircutMm = (lines[j]!.haircutMm * p.value) / collateralValue
      }
    })
  }

  book.positions.forEach((p, i) => {
    const charge: PositionCharges = charges[i]!
    if (p.position.kind === 'option' && p.quantity < 0) {
      const o = p.option!
      const otm = Math.max(0, o.call ? o.strike - p.price : p.price - o.strike)
      const perUnitIm = Math.max(
        standard.shortOption.otmBase * p.price - otm,
        standard.shortOption.floor * p.price,
      )
      charge.riskIm = -p.quantity * perUnitIm
      charge.riskMm = -p.quantity * standard.shortOption.mm * p.price
    }
    if (p.stale) {
      charge.contingencyIm = Math.abs(p.value) * contingencies.stale.im
      charge.contingencyMm = Math.abs(p.value) * contingencies.stale.mm
    }
  })
  const haircutIm = sumCharges(charges, 'haircutIm')
  const haircutMm = sumCharges(charges, 'haircutMm')
  const riskIm = sumCharges(charges, 'riskIm')
  const riskMm = sumCharges(charges, 'riskMm')
  const contingencyIm = sumCharges(charges, 'contingencyIm')
  const contingencyMm = sumCharges(charges, 'contingencyMm')
  return {
    haircutIm,
    haircutMm,
    riskIm,
    riskMm,
    contingencyIm,
    contingencyMm,
    initialMargin: haircutIm + riskIm + contingencyIm,
    maintenanceMargin: haircutMm + riskMm + contingencyMm,
    charges,
    worstScenarios: scenarioRisk(book).worst,
  }
}
