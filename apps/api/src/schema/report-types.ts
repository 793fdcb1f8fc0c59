import { formatUsd } from '@xmargin/core'
import type { ChainFreshness } from '../service/chain-freshness.js'
import type { ComparisonView } from '../service/margin-service.js'
import type {
  BasisLiquidationView,
  MarginReportView,
  PositionView,
  VenueView,
} from '../service/report-view.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'

/**
 * Adds `MarginReport` and its parts (`PositionLine`, `VenueFigure`, `ChainFreshness`, …) and `Comparison`.
 *
 * @example
 * const { MarginReport } = addReportTypes(builder, enums)
 */
export function addReportTypes(builder: ApiBuilder, enums: Enums) {
  const LiquidationPrice =
    builder.objectRef<MarginReportView['liquidationPrices'][number]>('LiquidationPrice')
  LiquidationPrice.implement({
    description:
      'Where equity = maintenance margin when one factor moves alone (reference asset price, USD).',
    fields: (t) => ({
      factor: t.exposeString('factor'),
      referenceAsset: t.exposeString('referenceAsset'),
      spot: t.expose('spot', { type: 'Decimal' }),
      price: t.field({
        type: 'Decimal',
        nullable: true,
        description: 'The nearest liquidation price (below if any, else above).',
        resolve: (l) => l.below ?? l.above,
      }),
      below: t.expose('below', { type: 'Decimal', nullable: true }),
      above: t.expose('above', { type: 'Decimal', nullable: true }),
    }),
  })
  const PositionLine = builder.objectRef<PositionView>('PositionLine')
  PositionLine.implement({
    fields: (t) => ({
      id: t.exposeString('id'),
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      wallet: t.expose('wallet', { type: 'Address' }),
      kind: t.expose('kind', { type: enums.PositionKind }),
      asset: t.exposeString('asset'),
      factor: t.exposeString('factor'),
      amount: t.expose('amount', {
        type: 'BigInt',
        description: 'Raw integer amount (signed for perps and options).',
      }),
      decimals: t.exposeInt('decimals'),
      quantity: t.expose('quantity', { type: 'Decimal', description: 'amount / 10^decimals, exact.' }),
      price: t.expose('price', { type: 'Decimal' }),
      value: t.expose('value', { type: 'Decimal' }),
      contribution: t.expose('contribution', {
        type: 'Decimal',
        description:
          "Initial margin allocated to this position (Euler share; negative for a hedge). The report's contributions sum exactly to its initialMargin (largest-remainder rounding to the cent).",
      }),
      maintenanceMargin: t.expose('maintenanceMargin', {
        type: 'Decimal',
        description:
          "Maintenance margin of this position; the report's sum exactly to its maintenanceMargin.",
      }),
      impliedVolatility: t.expose('impliedVolatility', {
        type: 'Decimal',
        nullable: true,
        description:
          'The annualised implied volatility an option was valued at (0.6 = 60%; after a stress vol shock), from the options venue volatility feed of its expiry. Null for other kinds.',
      }),
      stale: t.exposeBoolean('stale'),
    }),
  })
  const BasisLiquidation = builder.objectRef<BasisLiquidationView>('BasisLiquidation')
  BasisLiquidation.implement({
    description:
      "Where the rule fails (equity = maintenance margin on the report, the venue's own rule on a venue line) when one asset moves alone against its factor (wstETH vs ETH, USDC.e vs USDC): the asset's price, USD.",
    fields: (t) => ({
      asset: t.exposeString('asset'),
      factor: t.exposeString('factor'),
      spot: t.expose('spot', { type: 'Decimal' }),
      below: t.expose('below', { type: 'Decimal', nullable: true }),
      above: t.expose('above', { type: 'Decimal', nullable: true }),
    }),
  })
  const VenueRestore = builder.objectRef<NonNullable<VenueView['restore']>>('VenueRestore')
  VenueRestore.implement({
    description:
      "The collateral to move to a failing venue account (its chain and venue) that brings the venue's own health back to 1.",
    fields: (t) => ({
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      asset: t.exposeString('asset'),
      quantity: t.expose('quantity', { type: 'Decimal', description: 'Units of the asset (6 decimals).' }),
      value: t.expose('value', { type: 'Decimal', description: 'Their USD value.' }),
    }),
  })
  const VenueFigure = builder.objectRef<VenueView>('VenueFigure')
  VenueFigure.implement({
    description:
      "One venue account under the venue's own rule (Aave v3 per chain, Morpho Blue per market, Perp v2, the options venue), beside the unified figure. The Aave fields are getUserAccountData exactly (null for other rules).",
    fields: (t) => ({
      rule: t.expose('rule', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      wallet: t.expose('wallet', { type: 'Address' }),
      market: t.exposeString('market', { nullable: true, description: 'Morpho Blue market id.' }),
      liquidates: t.exposeBoolean('liquidates', {
        description: 'Whether failing the rule lets liquidators act (false for the options venue).',
      }),
      health: t.expose('health', {
        type: 'Decimal',
        nullable: true,
        description: "The venue's own health, 6 decimals (1.0 = its line); null without requirement.",
      }),
      collateral: t.expose('collateral', {
        type: 'Decimal',
        description:
          'What the rule counts (USD): threshold- or LLTV-weighted collateral, Perp account value, posted collateral.',
      }),
      requirement: t.expose('requirement', {
        type: 'Decimal',
        description:
          'What the rule compares it with (USD): debt, maintenance requirement, short requirement.',
      }),
      liquidatable: t.exposeBoolean('liquidatable', { description: 'The rule fails at current prices.' }),
      liquidationPrices: t.expose('liquidationPrices', {
        type: [LiquidationPrice],
        description: "Per factor moved alone: the nearest prices where this venue's rule fails.",
      }),
      basisLiquidations: t.expose('basisLiquidations', { type: [BasisLiquidation] }),
      restore: t.expose('restore', { type: VenueRestore, nullable: true }),
      nativeHealth: t.expose('nativeHealth', {
        type: 'Decimal',
        nullable: true,
        description:
          "Aave's health factor as an exact decimal (1.0 = its liquidation line); null without debt and for other rules.",
      }),
      nativeHealthWad: t.expose('nativeHealthWad', {
        type: 'BigInt',
        nullable: true,
        description:
          'The same health factor in wad (1e18 = 1.0), exactly as Aave returns it (2^256−1 without debt); null for other rules.',
      }),
      totalCollateralBase: t.expose('totalCollateralBase', { type: 'BigInt', nullable: true }),
      totalDebtBase: t.expose('totalDebtBase', { type: 'BigInt', nullable: true }),
      availableBorrowsBase: t.expose('availableBorrowsBase', { type: 'BigInt', nullable: true }),
      currentLiquidationThreshold: t.expose('currentLiquidationThreshold', {
        type: 'BigInt',
        nullable: true,
      }),
      ltv: t.expose('ltv', { type: 'BigInt', nullable: true }),
    }),
  })
  const VenueBinding = builder.objectRef<NonNullable<MarginReportView['bindingVenue']>>('VenueBinding')
  VenueBinding.implement({
    description: 'The nearest price move at which any venue liquidates, and which venue.',
    fields: (t) => ({
      rule: t.expose('rule', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      wallet: t.expose('wallet', { type: 'Address' }),
      market: t.exposeString('market', { nullable: true }),
      factor: t.exposeString('factor'),
      asset: t.exposeString('asset', {
        description: "The factor's reference asset, or the basis asset moved alone (kind basis).",
      }),
      kind: t.exposeString('kind', { description: '`factor` or `basis`.' }),
      price: t.expose('price', {
        type: 'Decimal',
        description: 'USD; the current price when it liquidates now.',
      }),
      move: t.expose('move', {
        type: 'Decimal',
        description: 'Relative move from today (-0.057000 = −5.7%).',
      }),
    }),
  })
  const ChainFreshnessRef = builder.objectRef<ChainFreshness>('ChainFreshness')
  ChainFreshnessRef.implement({
    description: 'The block a chain was read at for this answer.',
    fields: (t) => ({
      chainId: t.exposeInt('chainId'),
      blockNumber: t.expose('blockNumber', { type: 'BigInt', nullable: true }),
      blockHash: t.exposeString('blockHash', { nullable: true }),
      timestamp: t.exposeInt('timestamp', { nullable: true }),
      ageSeconds: t.exposeInt('ageSeconds', { nullable: true }),
      lagBlocks: t.expose('lagBlocks', { type: 'BigInt', nullable: true }),
      stale: t.exposeBoolean('stale'),
    }),
  })
  const PriceFreshness = builder.objectRef<MarginReportView['prices'][number]>('PriceFreshness')
  PriceFreshness.implement({
    fields: (t) => ({
      asset: t.exposeString('asset'),
      chainId: t.exposeInt('chainId'),
      source: t.exposeString('source'),
      updatedAt: t.exposeInt('updatedAt'),
      ageSeconds: t.exposeInt('ageSeconds'),
      stale: t.exposeBoolean('stale'),
    }),
  })
  const Excluded = builder.objectRef<MarginReportView['excluded'][number]>('ExcludedPosition')
  Excluded.implement({ fields: (t) => ({ id: t.exposeString('id'), reason: t.exposeString('reason') }) })

  const MarginReport = builder.objectRef<MarginReportView>('MarginReport')
  MarginReport.implement({
    description:
      'Unified margin over a set of wallets across every indexed chain. USD values as decimal strings.',
    fields: (t) => ({
      model: t.expose('model', { type: enums.MarginModel }),
      status: t.expose('status', { type: enums.MarginStatus }),
      statusReasons: t.exposeStringList('statusReasons', {
        description:
          'Why the status is UNKNOWN (stale-chain:1, stale-price:WETH@1, missing-price:…, missing-volatility:ETH@<expiry>, stale-volatility:…).',
      }),
      equity: t.expose('equity', { type: 'Decimal' }),
      collateralValue: t.expose('collateralValue', { type: 'Decimal' }),
      adjustedCollateral: t.expose('adjustedCollateral', { type: 'Decimal' }),
      initialMargin: t.expose('initialMargin', { type: 'Decimal' }),
      maintenanceMargin: t.expose('maintenanceMargin', { type: 'Decimal' }),
      freeCollateral: t.expose('freeCollateral', { type: 'Decimal' }),
      health: t.expose('health', {
        type: 'Decimal',
        nullable: true,
        description: '1.0 is the liquidation line; null when maintenance margin is 0.',
      }),
      isolatedInitialMargin: t.expose('isolatedInitialMargin', {
        type: 'Decimal',
        description: 'Sum of the initial margins of each (chain, venue) margined on its own.',
      }),
      isolatedMaintenanceMargin: t.expose('isolatedMaintenanceMargin', { type: 'Decimal' }),
      capitalSaved: t.expose('capitalSaved', {
        type: 'Decimal',
        description: 'isolatedInitialMargin − initialMargin.',
      }),
      liquidationPrices: t.expose('liquidationPrices', { type: [LiquidationPrice] }),
      basisLiquidations: t.expose('basisLiquidations', {
        type: [BasisLiquidation],
        description:
          'Per basis pair (an asset with a basis shock held beside another asset of its factor: wstETH against WETH debt): its price, moved alone against the factor, where equity = maintenance margin.',
      }),
      positions: t.expose('positions', { type: [PositionLine] }),
      excluded: t.expose('excluded', { type: [Excluded] }),
      venues: t.expose('venues', { type: [VenueFigure] }),
      venueStatus: t.expose('venueStatus', {
        type: enums.VenueStatus,
        description:
          "The venues' own verdict; LIQUIDATABLE makes status LIQUIDATABLE, BREACHED caps it at WARNING.",
      }),
      bindingVenue: t.expose('bindingVenue', { type: VenueBinding, nullable: true }),
      freshness: t.expose('freshness', { type: [ChainFreshnessRef] }),
      prices: t.expose('prices', { type: [PriceFreshness] }),
    }),
  })

  const Delta = builder.objectRef<ComparisonView['delta']>('MarginDelta')
  Delta.implement({
    fields: (t) => ({
      equity: t.field({ type: 'Decimal', resolve: (d) => money(d.equity) }),
      initialMargin: t.field({ type: 'Decimal', resolve: (d) => money(d.initialMargin) }),
      maintenanceMargin: t.field({ type: 'Decimal', resolve: (d) => money(d.maintenanceMargin) }),
      freeCollateral: t.field({ type: 'Decimal', resolve: (d) => money(d.freeCollateral) }),
      health: t.field({
        type: 'Decimal',
        nullable: true,
        resolve: (d) => (d.health === null ? null : formatUsd({ value: d.health, decimals: 6 })),
      }),
    }),
  })
  const Comparison = builder.objectRef<ComparisonView>('MarginComparison')
  Comparison.implement({
    description:
      'A stress test or what-if: the report before, after, and the change of the headline figures.',
    fields: (t) => ({
      scenario: t.exposeString('scenario', { nullable: true }),
      before: t.expose('before', { type: MarginReport }),
      after: t.expose('after', { type: MarginReport }),
      delta: t.expose('delta', { type: Delta }),
    }),
  })
  return { MarginReport, Comparison, ChainFreshness: ChainFreshnessRef }
}

function money(value: number): string {
  return formatUsd({ value })
}

/** The report refs. */
export type ReportTypes = ReturnType<typeof addReportTypes>
