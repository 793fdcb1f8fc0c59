import {
  type Position as CorePosition,
  formatUnits,
  formatUsd,
  type PositionKind,
  parseUnits,
} from '@xmargin/core'
import type {
  AaveVenueFigures,
  BasisLiquidation,
  LiquidationPrice,
  MarginReport,
  MarginStatus,
  ModelName,
  VenueLine,
  VenueRuleName,
  VenueStatus,
} from '@xmargin/engine'
import { maxUint256 } from 'viem'
import { allocateCents, centsToUsd } from './allocate-cents.js'
import type { ChainFreshness } from './chain-freshness.js'

const usd = (value: number) => formatUsd({ value })
const ratio = (value: number) => formatUsd({ value, decimals: 6 })

/** One position line, as GraphQL serves it (USD as decimal strings, raw amounts as bigint). */
export type PositionView = {
  id: string
  chainId: number
  venue: string
  wallet: string
  kind: PositionKind
  asset: string
  factor: string
  /** Raw signed amount (debt positive as owed, perp/option signed), with its decimals. */
  amount: bigint
  decimals: number
  quantity: string
  price: string
  value: string
  /**
   * Initial margin allocated to the position (haircut + Euler share of the scenario charge +
   * contingency), rounded to the cent so that the report's contributions sum exactly to its
   * `initialMargin` (largest remainder); likewise `maintenanceMargin` to the report's.
   */
  contribution: string
  maintenanceMargin: string
  /** The annualised implied vol an option was valued at (`'0.600000'` = 60%), 6 decimals; null for other kinds. */
  impliedVolatility: string | null
  stale: boolean
}

/** A liquidation price as the wire shows it (USD decimals). */
export type LiquidationPriceView = {
  factor: string
  referenceAsset: string
  spot: string
  below: string | null
  above: string | null
}

/** A basis pair's liquidation price as the wire shows it: the asset moved alone against its factor. */
export type BasisLiquidationView = {
  asset: string
  factor: string
  spot: string
  below: string | null
  above: string | null
}

/**
 * One venue account under the venue's own rule. The Aave fields are `getUserAccountData` exactly
 * (null for the other rules).
 */
export type VenueView = {
  rule: VenueRuleName
  chainId: number
  venue: string
  wallet: string
  /** Morpho Blue market id; null for account-wide rules. */
  market: string | null
  liquidates: boolean
  /** The venue's own health, 6 decimals (1 = its line); null when it has no requirement. */
  health: string | null
  collateral: string
  requirement: string
  liquidatable: boolean
  liquidationPrices: LiquidationPriceView[]
  basisLiquidations: BasisLiquidationView[]
  restore: { chainId: number; venue: string; asset: string; quantity: string; value: string } | null
  /** Health factor as an exact decimal (`'1.062'`); null without debt (the venue's 2^256−1) and for other rules. */
  nativeHealth: string | null
  /** Health factor in wad (1e18 = 1.0), exactly as the venue computes it (2^256−1 without debt). */
  nativeHealthWad: bigint | null
  totalCollateralBase: bigint | null
  totalDebtBase: bigint | null
  availableBorrowsBase: bigint | null
  currentLiquidationThreshold: bigint | null
  ltv: bigint | null
}

/** The nearest move at which any venue liquidates, as the wire shows it. */
export type VenueBindingView = {
  rule: VenueRuleName
  chainId: number
  venue: string
  wallet: string
  market: string | null
  factor: string
  asset: string
  kind: 'factor' | 'basis'
  price: string
  /** Relative move, 6 decimals (`'-0.057000'`). */
  move: string
}

/** The margin report as GraphQL serves it. */
export type MarginReportView = {
  model: ModelName
  status: MarginStatus
  statusReasons: string[]
  equity: string
  collateralValue: string
  adjustedCollateral: string
  initialMargin: string
  maintenanceMargin: string
  freeCollateral: string
  health: string | null
  isolatedInitialMargin: string
  isolatedMaintenanceMargin: string
  capitalSaved: string
  liquidationPrices: LiquidationPriceView[]
  basisLiquidations: BasisLiquidationView[]
  positions: PositionView[]
  excluded: { id: string; reason: string }[]
  venues: VenueView[]
  venueStatus: VenueStatus
  bindingVenue: VenueBindingView | null
  freshness: ChainFreshness[]
  prices: {
    asset: string
    chainId: number
    source: string
    updatedAt: number
    ageSeconds: number
    stale: boolean
  }[]
  /** Engine health as a number (NaN-free), for thresholds. Not on the wire. */
  healthValue: number | null
}

/** Parameters of {@link toReportView}. */
export type ToReportViewParameters = {
  report: MarginReport
  positions: readonly CorePosition[]
  freshness: readonly ChainFreshness[]
  /** Reasons found outside the engine (stale chains, unmapped rows): any one makes the status UNKNOWN. */
  reasons: readonly string[]
}
/** Return type of {@link toReportView}. */
export type ToReportViewReturnType = MarginReportView

/**
 * Maps an engine report to the wire: USD as decimal strings (2 places), health as a 6-place decimal
 * (null when maintenance is 0 or health is unbounded), UNKNOWN whenever the API found a stale or
 * missing input that the engine could not see.
 *
 * @example
 * const view = toReportView({ report, positions, freshness, reasons: ['stale-chain:1'] })
 * view.status // 'UNKNOWN'
 */
export function toReportView(parameters: ToReportViewParameters): ToReportViewReturnType {
  const { report, reasons } = parameters
  const byId = new Map(parameters.positions.map((p) => [p.id, p]))
  const statusReasons = [...reasons, ...report.statusReasons]
  const healthValue = report.maintenanceMargin > 0 && Number.isFinite(report.health) ? report.health : null
  const im = allocateCents({
    parts: report.positions.map((p) => p.initialMargin),
    total: report.initialMargin,
  })
  const mm = allocateCents({
    parts: report.positions.map((p) => p.maintenanceMargin),
    total: report.maintenanceMargin,
  })
  return {
    model: report.model,
    status: statusReasons.length > 0 ? 'UNKNOWN' : report.status,
    statusReasons,
    equity: usd(report.equity),
    collateralValue: usd(report.collateralValue),
    adjustedCollateral: usd(report.adjustedCollateral),
    initialMargin: im.total,
    maintenanceMargin: mm.total,
    // equity − initialMargin as displayed, so the three shown figures agree to the cent.
    freeCollateral: subtractCents(usd(report.equity), im.total),
    health: healthValue === null ? null : ratio(healthValue),
    isolatedInitialMargin: usd(report.isolated.initialMargin),
    isolatedMaintenanceMargin: usd(report.isolated.maintenanceMargin),
    capitalSaved: usd(report.isolated.capitalSaved),
    liquidationPrices: report.liquidationPrices.map(toLiquidationPriceView),
    basisLiquidations: report.basisLiquidations.map(toBasisLiquidationView),
    positions: report.positions.map((p, i) => {
      const core = byId.get(p.id)
      return {
        id: p.id,
        chainId: p.chainId,
        venue: p.venue,
        wallet: p.wallet,
        kind: p.kind,
        asset: p.asset,
        factor: p.factor,
        amount: core?.amount ?? 0n,
        decimals: core?.decimals ?? 0,
        quantity: core ? formatUnits({ value: core.amount, decimals: core.decimals }) : String(p.quantity),
        price: usd(p.price),
        value: usd(p.value),
        contribution: im.parts[i]!,
        maintenanceMargin: mm.parts[i]!,
        impliedVolatility: p.impliedVolatility === null ? null : ratio(p.impliedVolatility),
        stale: p.stale,
      }
    }),
    excluded: report.excluded.map((e) => ({ id: e.id, reason: e.reason })),
    venues: report.venues.map(toVenueView),
    venueStatus: report.venueStatus,
    bindingVenue: report.bindingVenue && {
      ...report.bindingVenue,
      price: usd(report.bindingVenue.price),
      move: ratio(report.bindingVenue.move),
    },
    freshness: [...parameters.freshness],
    prices: report.freshness.prices.map((p) => ({
      asset: p.asset,
      chainId: p.chainId,
      source: p.source,
      updatedAt: p.updatedAt,
      ageSeconds: p.ageSeconds,
      stale: p.stale,
    })),
    healthValue,
  }
}

function toLiquidationPriceView(l: LiquidationPrice): LiquidationPriceView {
  return {
    factor: l.factor,
    referenceAsset: l.referenceAsset,
    spot: usd(l.spot),
    below: l.below === null ? null : usd(l.below),
    above: l.above === null ? null : usd(l.above),
  }
}

function toBasisLiquidationView(b: BasisLiquidation): BasisLiquidationView {
  return {
    asset: b.asset,
    factor: b.factor,
    spot: usd(b.spot),
    below: b.below === null ? null : usd(b.below),
    above: b.above === null ? null : usd(b.above),
  }
}

function toVenueView(v: VenueLine): VenueView {
  const aave = v.aave
  return {
    rule: v.rule,
    chainId: v.chainId,
    venue: v.venue,
    wallet: v.wallet,
    market: v.market,
    liquidates: v.liquidates,
    health: Number.isFinite(v.health) ? ratio(v.health) : null,
    collateral: usd(v.collateral),
    requirement: usd(v.requirement),
    liquidatable: v.liquidatable,
    liquidationPrices: v.liquidationPrices.map(toLiquidationPriceView),
    basisLiquidations: v.basisLiquidations.map(toBasisLiquidationView),
    restore: v.restore && {
      chainId: v.restore.chainId,
      venue: v.restore.venue,
      asset: v.restore.asset,
      quantity: formatUsd({ value: v.restore.quantity, decimals: 6 }),
      value: usd(v.restore.value),
    },
    nativeHealth: aave ? nativeHealthOf(aave) : null,
    nativeHealthWad: aave ? aave.healthFactor : null,
    totalCollateralBase: aave ? aave.totalCollateralBase : null,
    totalDebtBase: aave ? aave.totalDebtBase : null,
    availableBorrowsBase: aave ? aave.availableBorrowsBase : null,
    currentLiquidationThreshold: aave ? aave.currentLiquidationThreshold : null,
    ltv: aave ? aave.ltv : null,
  }
}

/** Aave's health factor as a decimal; null without debt (Aave answers 2^256−1 then). */
function nativeHealthOf(figures: AaveVenueFigures): string | null {
  if (figures.totalDebtBase === 0n || figures.healthFactor === maxUint256) return null
  return formatUnits({ value: figures.healthFactor, decimals: 18 })
}

function subtractCents(a: string, b: string): string {
  return centsToUsd(parseUnits({ value: a, decimals: 2 }) - parseUnits({ value: b, decimals: 2 }))
}
