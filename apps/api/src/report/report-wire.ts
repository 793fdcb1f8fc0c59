/**
 * The margin report on the wire: one description per object, typed against the engine's
 * `MarginReport` and its parts. The view mapping (`toReportView`) and the Pothos types
 * (`addReportTypes`) both come from these; adding an engine field is one line here (or a compile
 * error until it is exposed, derived or omitted).
 */
import { type Position as CorePosition, formatUnits, parseUnits } from '@xmargin/core'
import type {
  AaveVenueFigures,
  BasisLiquidation,
  LiquidationPrice,
  MarginReport,
  PositionReport,
  PriceFreshness,
  VenueBinding,
  VenueLine,
  VenueRestore,
} from '@xmargin/engine'
import { maxUint256 } from 'viem'
import { centsToUsd } from '../service/allocate-cents.js'
import type { ChainFreshness } from '../service/chain-freshness.js'
import { formatHealth, reportStatus, reportStatusReasons } from './report-status.js'
import { defineWireObject, formatMoney, formatRatio, type ViewOf } from './wire-object.js'

/** Where E = MM when one factor moves alone. */
export const LiquidationPriceWire = defineWireObject<LiquidationPrice>()({
  name: 'LiquidationPrice',
  description: 'Where equity = maintenance margin when one factor moves alone (reference asset price, USD).',
  fields: (f) => ({
    factor: f.text(),
    referenceAsset: f.text(),
    spot: f.money(),
    price: f.derived('Decimal', {
      nullable: true,
      description: 'The nearest liquidation price (below if any, else above).',
      resolve: (l) => {
        const nearest = l.below ?? l.above
        return nearest === null ? null : formatMoney(nearest)
      },
    }),
    below: f.nullable(f.money()),
    above: f.nullable(f.money()),
  }),
})

/** What a position line needs beyond the engine's line: the stored position and its allocated cents. */
export type PositionLineContext = {
  /** The position as stored (raw amount and decimals); undefined for a line the book does not hold. */
  position: CorePosition | undefined
  /** Its initial margin, allocated to the cent (largest remainder over the report). */
  contribution: string
  /** Its maintenance margin, allocated likewise. */
  maintenanceMargin: string
}

/** One position's line. */
export const PositionLineWire = defineWireObject<PositionReport, PositionLineContext>()({
  name: 'PositionLine',
  fields: (f) => ({
    id: f.text(),
    chainId: f.int(),
    venue: f.text(),
    wallet: f.address(),
    kind: f.enumOf('PositionKind'),
    asset: f.text(),
    factor: f.text(),
    amount: f.derived('BigInt', {
      description: 'Raw integer amount (signed for perps and options).',
      resolve: (_, c) => c.position?.amount ?? 0n,
    }),
    decimals: f.derived('Int', { resolve: (_, c) => c.position?.decimals ?? 0 }),
    quantity: f.derived('Decimal', {
      description: 'amount / 10^decimals, exact.',
      resolve: (p, c) =>
        c.position
          ? formatUnits({ value: c.position.amount, decimals: c.position.decimals })
          : String(p.quantity),
    }),
    price: f.money(),
    value: f.money(),
    exposure: f.omit('the dollar delta to the factor: an engine intermediate'),
    contribution: f.derived('Decimal', {
      description:
        "Initial margin allocated to this position (Euler share; negative for a hedge). The report's contributions sum exactly to its initialMargin (largest-remainder rounding to the cent).",
      resolve: (_, c) => c.contribution,
    }),
    initialMargin: f.omit('served as contribution, allocated to the cent'),
    haircutIm: f.omit('a part of contribution'),
    riskIm: f.omit('a part of contribution'),
    contingencyIm: f.omit('a part of contribution'),
    maintenanceMargin: f.derived('Decimal', {
      description: "Maintenance margin of this position; the report's sum exactly to its maintenanceMargin.",
      resolve: (_, c) => c.maintenanceMargin,
    }),
    impliedVolatility: f.nullable(
      f.ratio(
        'The annualised implied volatility an option was valued at (0.6 = 60%; after a stress vol shock), from the options venue volatility feed of its expiry. Null for other kinds.',
      ),
    ),
    stale: f.boolean(),
  }),
})

/** A basis pair's liquidation. */
export const BasisLiquidationWire = defineWireObject<BasisLiquidation>()({
  name: 'BasisLiquidation',
  description:
    "Where the rule fails (equity = maintenance margin on the report, the venue's own rule on a venue line) when one asset moves alone against its factor (wstETH vs ETH, USDC.e vs USDC): the asset's price, USD.",
  fields: (f) => ({
    asset: f.text(),
    factor: f.text(),
    spot: f.money(),
    below: f.nullable(f.money()),
    above: f.nullable(f.money()),
  }),
})

/** The collateral that restores a failing venue account. */
export const VenueRestoreWire = defineWireObject<VenueRestore>()({
  name: 'VenueRestore',
  description:
    "The collateral to move to a failing venue account (its chain and venue) that brings the venue's own health back to 1.",
  fields: (f) => ({
    chainId: f.int(),
    venue: f.text(),
    asset: f.text(),
    quantity: f.ratio('Units of the asset (6 decimals).'),
    value: f.money('Their USD value.'),
  }),
})

/** Aave's health factor as a decimal; null without debt (Aave answers 2^256−1 then). */
function nativeHealthOf(figures: AaveVenueFigures): string | null {
  if (figures.totalDebtBase === 0n || figures.healthFactor === maxUint256) return null
  return formatUnits({ value: figures.healthFactor, decimals: 18 })
}

/** One of `getUserAccountData`'s integers, null for the other rules. */
const aaveFigure = (key: Exclude<keyof AaveVenueFigures, 'kind' | 'chainId' | 'venue' | 'wallet'>) => ({
  nullable: true as const,
  resolve: (v: VenueLine) => (v.aave ? v.aave[key] : null),
})

/** One venue account under the venue's own rule. */
export const VenueFigureWire = defineWireObject<VenueLine>()({
  name: 'VenueFigure',
  description:
    "One venue account under the venue's own rule (Aave v3 per chain, Morpho Blue per market, Perp v2, the options venue), beside the unified figure. The Aave fields are getUserAccountData exactly (null for other rules).",
  fields: (f) => ({
    rule: f.enumOf('VenueRule'),
    chainId: f.int(),
    venue: f.text(),
    wallet: f.address(),
    market: f.nullable(f.text('Morpho Blue market id.')),
    liquidates: f.boolean('Whether failing the rule lets liquidators act (false for the options venue).'),
    health: f.derived('Decimal', {
      nullable: true,
      description: "The venue's own health, 6 decimals (1.0 = its line); null without requirement.",
      resolve: (v) => (Number.isFinite(v.health) ? formatRatio(v.health) : null),
    }),
    collateral: f.money(
      'What the rule counts (USD): threshold- or LLTV-weighted collateral, Perp account value, posted collateral.',
    ),
    requirement: f.money(
      'What the rule compares it with (USD): debt, maintenance requirement, short requirement.',
    ),
    liquidatable: f.boolean('The rule fails at current prices.'),
    liquidationPrices: f.list(
      LiquidationPriceWire,
      "Per factor moved alone: the nearest prices where this venue's rule fails.",
    ),
    basisLiquidations: f.list(BasisLiquidationWire),
    restore: f.nullable(f.object(VenueRestoreWire)),
    aave: f.omit('flattened into nativeHealth, nativeHealthWad and the getUserAccountData fields'),
    nativeHealth: f.derived('Decimal', {
      nullable: true,
      description:
        "Aave's health factor as an exact decimal (1.0 = its liquidation line); null without debt and for other rules.",
      resolve: (v) => (v.aave ? nativeHealthOf(v.aave) : null),
    }),
    nativeHealthWad: f.derived('BigInt', {
      nullable: true,
      description:
        'The same health factor in wad (1e18 = 1.0), exactly as Aave returns it (2^256−1 without debt); null for other rules.',
      resolve: (v) => (v.aave ? v.aave.healthFactor : null),
    }),
    totalCollateralBase: f.derived('BigInt', aaveFigure('totalCollateralBase')),
    totalDebtBase: f.derived('BigInt', aaveFigure('totalDebtBase')),
    availableBorrowsBase: f.derived('BigInt', aaveFigure('availableBorrowsBase')),
    currentLiquidationThreshold: f.derived('BigInt', aaveFigure('currentLiquidationThreshold')),
    ltv: f.derived('BigInt', aaveFigure('ltv')),
  }),
})

/** The nearest move at which any venue liquidates. */
export const VenueBindingWire = defineWireObject<VenueBinding>()({
  name: 'VenueBinding',
  description: 'The nearest price move at which any venue liquidates, and which venue.',
  fields: (f) => ({
    rule: f.enumOf('VenueRule'),
    chainId: f.int(),
    venue: f.text(),
    wallet: f.address(),
    market: f.nullable(f.text()),
    factor: f.text(),
    asset: f.text("The factor's reference asset, or the basis asset moved alone (kind basis)."),
    kind: f.text('`factor` or `basis`.'),
    price: f.money('USD; the current price when it liquidates now.'),
    move: f.ratio('Relative move from today (-0.057000 = −5.7%).'),
  }),
})

/** The block a chain was read at (the API's pinned reads, not the engine's). */
export const ChainFreshnessWire = defineWireObject<ChainFreshness>()({
  name: 'ChainFreshness',
  description: 'The block a chain was read at for this answer.',
  fields: (f) => ({
    chainId: f.int(),
    name: f.omit('served by the chains query'),
    blockNumber: f.nullable(f.bigint()),
    indexedBlock: f.nullable(
      f.bigint(
        "The chain's indexed tip; blockNumber (the block read) lags it while the cut in time has not passed it.",
      ),
    ),
    cutTime: f.nullable(
      f.int(
        'The one time (unix s) every chain is read at, so a change mined on several chains at one timestamp is seen on all or none; null when this chain takes no part (its indexer has recorded no clock yet).',
      ),
    ),
    blockHash: f.nullable(f.text()),
    timestamp: f.nullable(f.int()),
    ageSeconds: f.nullable(f.int()),
    lagBlocks: f.nullable(f.bigint()),
    headBlock: f.omit('served by the chains query'),
    finalizedBlock: f.omit('served by the chains query'),
    stale: f.boolean(),
    state: f.omit('served by the chains query (stale says whether the report can trust it)'),
    staleReasons: f.omit('the report names them in statusReasons'),
  }),
})

/** The age of one price the report used. */
export const PriceFreshnessWire = defineWireObject<PriceFreshness>()({
  name: 'PriceFreshness',
  fields: (f) => ({
    asset: f.text(),
    chainId: f.int(),
    source: f.text(),
    updatedAt: f.int(),
    ageSeconds: f.int(),
    maxAgeSeconds: f.omit('the limit behind stale'),
    stale: f.boolean(),
  }),
})

/** A position left out of the margined book. */
export const ExcludedPositionWire = defineWireObject<MarginReport['excluded'][number]>()({
  name: 'ExcludedPosition',
  fields: (f) => ({ id: f.text(), reason: f.text() }),
})

/** What the report needs beyond the engine's report: the API's own findings and the cent allocations. */
export type MarginReportContext = {
  /** Reasons found outside the engine (stale chains, unmapped rows): any one makes the status UNKNOWN. */
  reasons: readonly string[]
  /** The stored positions by id (raw amounts). */
  positions: ReadonlyMap<string, CorePosition>
  /** The blocks the request's reads were pinned to, per chain. */
  freshness: readonly ChainFreshness[]
  /** Initial margin to the cent: the total and each line's part (largest remainder). */
  initialMargin: { total: string; parts: readonly string[] }
  /** Maintenance margin likewise. */
  maintenanceMargin: { total: string; parts: readonly string[] }
  /** Health when bounded (maintenance > 0), else null. */
  health: number | null
}

/** The margin report. */
export const MarginReportWire = defineWireObject<MarginReport, MarginReportContext>()({
  name: 'MarginReport',
  description:
    'Unified margin over a set of wallets across every indexed chain. USD values as decimal strings.',
  fields: (f) => ({
    model: f.enumOf('MarginModel'),
    status: f.derived({ enum: 'MarginStatus' }, { resolve: (r, c) => reportStatus(r, c.reasons) }),
    statusReasons: f.derived(['String'], {
      description:
        'Why the status is UNKNOWN (stale-chain:1, stale-price:WETH@1, missing-price:…, missing-volatility:ETH@<expiry>, stale-volatility:…; dynamic margin: stale-history:ETH@1, insufficient-history).',
      resolve: (r, c) => reportStatusReasons(r, c.reasons),
    }),
    equity: f.money(),
    collateralValue: f.money(),
    adjustedCollateral: f.money(),
    initialMargin: f.derived('Decimal', { resolve: (_, c) => c.initialMargin.total }),
    maintenanceMargin: f.derived('Decimal', { resolve: (_, c) => c.maintenanceMargin.total }),
    // equity − initialMargin as displayed, so the three shown figures agree to the cent.
    freeCollateral: f.derived('Decimal', {
      resolve: (r, c) => subtractCents(formatMoney(r.equity), c.initialMargin.total),
    }),
    health: f.derived('Decimal', {
      nullable: true,
      description: '1.0 is the liquidation line; null when maintenance margin is 0.',
      resolve: (_, c) => formatHealth(c.health),
    }),
    breakdown: f.omit('the haircut, risk and contingency parts of IM and MM: engine detail'),
    worstScenarios: f.omit('engine detail'),
    isolated: f.omit('flattened into isolatedInitialMargin, isolatedMaintenanceMargin, capitalSaved'),
    isolatedInitialMargin: f.derived('Decimal', {
      description: 'Sum of the initial margins of each (chain, venue) margined on its own.',
      resolve: (r) => formatMoney(r.isolated.initialMargin),
    }),
    isolatedMaintenanceMargin: f.derived('Decimal', {
      resolve: (r) => formatMoney(r.isolated.maintenanceMargin),
    }),
    capitalSaved: f.derived('Decimal', {
      description: 'isolatedInitialMargin − initialMargin.',
      resolve: (r) => formatMoney(r.isolated.capitalSaved),
    }),
    liquidationPrices: f.list(LiquidationPriceWire),
    basisLiquidations: f.list(
      BasisLiquidationWire,
      'Per basis pair (an asset with a basis shock held beside another asset of its factor: wstETH against WETH debt): its price, moved alone against the factor, where equity = maintenance margin.',
    ),
    positions: f.derived([PositionLineWire], {
      resolve: (r, c) =>
        r.positions.map((p, i) =>
          PositionLineWire.toView(p, {
            position: c.positions.get(p.id),
            contribution: c.initialMargin.parts[i]!,
            maintenanceMargin: c.maintenanceMargin.parts[i]!,
          }),
        ),
    }),
    excluded: f.list(ExcludedPositionWire),
    venues: f.list(VenueFigureWire),
    venueStatus: f.enumOf(
      'VenueStatus',
      "The venues' own verdict; LIQUIDATABLE makes status LIQUIDATABLE, BREACHED caps it at WARNING.",
    ),
    bindingVenue: f.nullable(f.object(VenueBindingWire)),
    missing: f.omit('named in statusReasons'),
    // The engine's own per-chain read blocks are replaced by the API's pinned reads.
    freshness: f.derived([ChainFreshnessWire], {
      resolve: (_, c) => c.freshness.map((chain) => ChainFreshnessWire.toView(chain)),
    }),
    prices: f.derived([PriceFreshnessWire], {
      resolve: (r) => r.freshness.prices.map((price) => PriceFreshnessWire.toView(price)),
    }),
  }),
})

/** The change of the headline figures in a stress test or what-if (health null when either is unbounded). */
export type MarginDelta = {
  equity: number
  initialMargin: number
  maintenanceMargin: number
  freeCollateral: number
  health: number | null
}

/** The change of the headline figures. */
export const MarginDeltaWire = defineWireObject<MarginDelta>()({
  name: 'MarginDelta',
  fields: (f) => ({
    equity: f.money(),
    initialMargin: f.money(),
    maintenanceMargin: f.money(),
    freeCollateral: f.money(),
    health: f.nullable(f.ratio()),
  }),
})

/** A margin report as GraphQL serves it. */
export type MarginReportWireView = ViewOf<typeof MarginReportWire>

function subtractCents(a: string, b: string): string {
  return centsToUsd(parseUnits({ value: a, decimals: 2 }) - parseUnits({ value: b, decimals: 2 }))
}
