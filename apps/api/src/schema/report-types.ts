import { formatUsd } from '@xmargin/core'
import type { ChainFreshness } from '../service/chain-freshness.js'
import type { ComparisonView } from '../service/margin-service.js'
import type { MarginReportView, PositionView, VenueView } from '../service/report-view.js'
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
  const VenueFigure = builder.objectRef<VenueView>('VenueFigure')
  VenueFigure.implement({
    description: "A venue's own figures for the wallet, e.g. Aave's getUserAccountData, exactly.",
    fields: (t) => ({
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      wallet: t.expose('wallet', { type: 'Address' }),
      nativeHealth: t.expose('nativeHealth', {
        type: 'Decimal',
        nullable: true,
        description:
          "The venue's health factor as an exact decimal (1.0 = its liquidation line); null without debt.",
      }),
      nativeHealthWad: t.expose('nativeHealthWad', {
        type: 'BigInt',
        description:
          'The same health factor in wad (1e18 = 1.0), exactly as the venue returns it (2^256−1 without debt).',
      }),
      totalCollateralBase: t.expose('totalCollateralBase', { type: 'BigInt' }),
      totalDebtBase: t.expose('totalDebtBase', { type: 'BigInt' }),
      availableBorrowsBase: t.expose('availableBorrowsBase', { type: 'BigInt' }),
      currentLiquidationThreshold: t.expose('currentLiquidationThreshold', { type: 'BigInt' }),
      ltv: t.expose('ltv', { type: 'BigInt' }),
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
      positions: t.expose('positions', { type: [PositionLine] }),
      excluded: t.expose('excluded', { type: [Excluded] }),
      venues: t.expose('venues', { type: [VenueFigure] }),
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
