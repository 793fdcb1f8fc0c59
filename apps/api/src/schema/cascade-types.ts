import type {
  CascadeLiquidationView,
  CascadeRegimeRoundView,
  CascadeRegimeView,
  CascadeRoundView,
  CascadeVenueTotalView,
  CascadeView,
  CoverTwoLossView,
  CoverTwoView,
} from '../service/cascade-view.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

/**
 * Adds the output types of `cascade` and `coverTwo` (`Cascade`, `CascadeRound`, `CascadeLiquidation`,
 * `CoverTwo`, …). Amounts are decimal strings: USD to 6 places, token quantities to 9.
 *
 * @example
 * const { Cascade, CoverTwo } = addCascadeTypes(builder, enums, reports)
 */
export function addCascadeTypes(builder: ApiBuilder, enums: Enums, reports: ReportTypes) {
  const FactorMultiplier = builder.objectRef<{ factor: string; multiplier: string }>('FactorMultiplier')
  FactorMultiplier.implement({
    description: 'A price multiplier of a risk factor: "0.75" = 75% of the indexed price (−25%).',
    fields: (t) => ({
      factor: t.exposeString('factor'),
      multiplier: t.expose('multiplier', { type: 'Decimal' }),
    }),
  })
  const AssetPrice = builder.objectRef<{ asset: string; price: string }>('CascadePrice')
  AssetPrice.implement({
    description: 'USD price of an asset in a cascade round (the indexed price × its factor multiplier).',
    fields: (t) => ({ asset: t.exposeString('asset'), price: t.expose('price', { type: 'Decimal' }) }),
  })
  const Liquidation = builder.objectRef<CascadeLiquidationView>('CascadeLiquidation')
  Liquidation.implement({
    description:
      "One liquidation call the venue's own rule allows on a failing account (Aave v3: its close factor; Morpho Blue: in full).",
    fields: (t) => ({
      venue: t.expose('venue', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      wallet: t.expose('wallet', { type: 'Address' }),
      market: t.exposeString('market', { nullable: true, description: 'Morpho Blue market id.' }),
      collateralAsset: t.exposeString('collateralAsset'),
      collateralSeized: t.expose('collateralSeized', {
        type: 'Decimal',
        description: 'Tokens, bonus included.',
      }),
      collateralSeizedValue: t.expose('collateralSeizedValue', { type: 'Decimal', description: 'USD.' }),
      debtAsset: t.exposeString('debtAsset'),
      collateralSeizedAmount: t.expose('collateralSeizedAmount', {
        type: 'BigInt',
        description:
          "Raw units seized, in the venue contract's own integer arithmetic (equal to the wei to what the call moves on chain; Perp v2: the penalty, in the settlement token).",
      }),
      debtRepaid: t.expose('debtRepaid', { type: 'Decimal', description: 'Tokens.' }),
      debtRepaidAmount: t.expose('debtRepaidAmount', {
        type: 'BigInt',
        description: "Raw units repaid, in the contract's integers (Perp v2: the size closed, 18 decimals).",
      }),
      protocolFee: t.expose('protocolFee', {
        type: 'BigInt',
        description:
          "Raw units of the seized asset that go to the venue's treasury (Aave v3's protocol fee).",
      }),
      writtenOff: t.expose('writtenOff', {
        type: 'BigInt',
        description:
          'Raw debt units the venue wrote off in the call (Morpho Blue realizes bad debt at once).',
      }),
      debtRepaidValue: t.expose('debtRepaidValue', { type: 'Decimal', description: 'USD.' }),
      badDebt: t.expose('badDebt', {
        type: 'Decimal',
        description: 'USD of debt left without collateral by this call.',
      }),
      perpClosedAt: t.expose('perpClosedAt', {
        type: enums.PerpClosedAt,
        nullable: true,
        description:
          'Perp v2: where the close was priced (the stored virtual pool, or the index price without one); null for the other venues.',
      }),
      toxic: t.exposeBoolean('toxic', {
        nullable: true,
        description:
          'The published bound at the round prices (Aave: each partial liquidation lowers health; Morpho: a full one leaves bad debt); null where none applies.',
      }),
    }),
  })
  const VenueTotal = builder.objectRef<CascadeVenueTotalView>('CascadeVenueTotal')
  VenueTotal.implement({
    description: 'Liquidations of one venue on one chain, summed (USD).',
    fields: (t) => ({
      venue: t.expose('venue', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      liquidations: t.exposeInt('liquidations'),
      collateralSeizedValue: t.expose('collateralSeizedValue', { type: 'Decimal' }),
      debtRepaidValue: t.expose('debtRepaidValue', { type: 'Decimal' }),
      badDebt: t.expose('badDebt', { type: 'Decimal' }),
    }),
  })
  const Unmodelled = builder.objectRef<CascadeRoundView['unmodelled'][number]>('CascadeUnmodelled')
  Unmodelled.implement({
    description: 'A venue account failing its rule whose liquidation amounts are not modelled (Perp v2).',
    fields: (t) => ({
      venue: t.expose('venue', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      wallet: t.expose('wallet', { type: 'Address' }),
      health: t.expose('health', { type: 'Decimal' }),
    }),
  })
  const Sale = builder.objectRef<CascadeRoundView['sales'][number]>('CascadeSale')
  Sale.implement({
    description: "A factor's seized collateral sold into its market after the round (raw units).",
    fields: (t) => ({
      factor: t.exposeString('factor'),
      amountIn: t.expose('amountIn', { type: 'BigInt', description: 'Raw units of the asset sold.' }),
      amountOut: t.expose('amountOut', {
        type: 'BigInt',
        description:
          'Raw units of the market’s quote received (a pool’s quote token; USD, 6 decimals, for a depth curve).',
      }),
      multiplierAfter: t.expose('multiplierAfter', { type: 'Decimal' }),
    }),
  })
  const Round = builder.objectRef<CascadeRoundView>('CascadeRound')
  Round.implement({
    fields: (t) => ({
      round: t.exposeInt('round'),
      multipliers: t.expose('multipliers', { type: [FactorMultiplier] }),
      prices: t.expose('prices', { type: [AssetPrice], description: 'The prices the round evaluated at.' }),
      liquidations: t.expose('liquidations', { type: [Liquidation] }),
      byVenue: t.expose('byVenue', { type: [VenueTotal] }),
      badDebt: t.expose('badDebt', { type: 'Decimal' }),
      walletsHit: t.exposeInt('walletsHit'),
      unmodelled: t.expose('unmodelled', { type: [Unmodelled] }),
      sales: t.expose('sales', { type: [Sale] }),
    }),
  })
  const End = builder.objectRef<CascadeView['end']>('CascadeEnd')
  End.implement({
    description: 'The whole cascade: totals and the prices it ended at (the fixed point when `fixedPoint`).',
    fields: (t) => ({
      liquidations: t.exposeInt('liquidations'),
      totalLiquidated: t.expose('totalLiquidated', {
        type: 'Decimal',
        description: 'USD of collateral seized.',
      }),
      totalRepaid: t.expose('totalRepaid', { type: 'Decimal' }),
      badDebt: t.expose('badDebt', { type: 'Decimal' }),
      byVenue: t.expose('byVenue', {
        type: [VenueTotal],
        description: 'Per venue and chain: bad debt included.',
      }),
      walletsHit: t.exposeInt('walletsHit'),
      multipliers: t.expose('multipliers', { type: [FactorMultiplier] }),
      prices: t.expose('prices', { type: [AssetPrice] }),
    }),
  })
  const RegimeRound = builder.objectRef<CascadeRegimeRoundView>('CascadeRegimeRound')
  RegimeRound.implement({
    description:
      "One round of a margin regime, summed over its liquidations (USD): the isolated regime's are the cascade's `rounds` in sum; the portfolio regime's are the unified liquidator's.",
    fields: (t) => ({
      round: t.exposeInt('round'),
      multipliers: t.expose('multipliers', { type: [FactorMultiplier] }),
      prices: t.expose('prices', { type: [AssetPrice], description: 'The prices the round evaluated at.' }),
      liquidations: t.exposeInt('liquidations'),
      walletsHit: t.exposeInt('walletsHit', { description: 'Distinct wallets liquidated in the round.' }),
      unresolved: t.exposeInt('unresolved', {
        description:
          'Failing accounts the round could not act on: isolated, Perp v2 accounts (amounts not modelled); portfolio, wallets with no debt to repay or no collateral to seize.',
      }),
      collateralSeizedValue: t.expose('collateralSeizedValue', { type: 'Decimal' }),
      debtRepaidValue: t.expose('debtRepaidValue', { type: 'Decimal' }),
      badDebt: t.expose('badDebt', { type: 'Decimal', description: 'Debt left without collateral.' }),
      sales: t.expose('sales', {
        type: [Sale],
        description: "Each factor's seized collateral sold after the round, and the price it left.",
      }),
    }),
  })
  const Regime = builder.objectRef<CascadeRegimeView>('CascadeRegime')
  Regime.implement({
    description: 'What one margin regime does to the wallets over the whole cascade.',
    fields: (t) => ({
      wallets: t.exposeInt('wallets'),
      walletsSurviving: t.exposeInt('walletsSurviving'),
      walletsLiquidated: t.exposeInt('walletsLiquidated'),
      liquidatedValue: t.expose('liquidatedValue', {
        type: 'Decimal',
        description: 'USD of collateral seized over every round.',
      }),
      badDebt: t.expose('badDebt', { type: 'Decimal', description: 'USD of debt left without collateral.' }),
      rounds: t.exposeInt('rounds', {
        description: 'Rounds run; the last one liquidated nothing when `fixedPoint`.',
      }),
      fixedPoint: t.exposeBoolean('fixedPoint'),
      multipliers: t.expose('multipliers', {
        type: [FactorMultiplier],
        description:
          "Each factor's price multiplier at the end: the regime's fixed-point prices when `fixedPoint`.",
      }),
      byRound: t.expose('byRound', {
        type: [RegimeRound],
        description: 'Round by round: prices, liquidations, wallets hit, seized, repaid, bad debt.',
      }),
    }),
  })
  const Comparison = builder.objectRef<CascadeView['comparison']>('CascadeComparison')
  Comparison.implement({
    description:
      "The same wallets, shock, markets and round limit under each venue's isolated rule (the cascade above: a wallet is liquidated when any venue liquidated it or its Perp v2 account failed) and under unified cross-chain portfolio margin (each wallet one account under the `portfolio` model: below its MM it is liquidated back to its IM, the liquidator repaying its debt and seizing its collateral pro rata at the venues' bonus, and the seized collateral is sold into the same markets round after round; a failing wallet with no debt or no collateral counts as liquidated too).",
    fields: (t) => ({
      isolated: t.expose('isolated', { type: Regime }),
      portfolio: t.expose('portfolio', { type: Regime }),
    }),
  })
  const MarketKind = builder.enumType('CascadeMarketKind', {
    values: {
      UNISWAP_V3: {
        value: 'uniswapV3',
        description: 'A Uniswap v3 pool of a chain spec, its state read by the indexer at the cut block.',
      },
      DEPTH_CURVE: {
        value: 'depthCurve',
        description:
          'The configured constant-product depth curve (config `priceImpact` or the request’s `impact`).',
      },
    } as const,
  })
  const Market = builder.objectRef<CascadeView['markets'][number]>('CascadeMarket')
  Market.implement({
    description:
      "A factor's market for forced sales, one per factor for every chain's seized collateral: a Uniswap v3 pool stored at the cut where a chain lists one for the factor's collateral (exact swap math across its ticks, as QuoterV2 quotes at that block; of several, the one on the chain holding most of that collateral), else the factor's depth curve set by its 2% depth, placed at the indexed price. A curve given in the request's `impact` wins over a pool.",
    fields: (t) => ({
      kind: t.expose('kind', { type: MarketKind }),
      factor: t.exposeString('factor'),
      asset: t.exposeString('asset', { description: 'The token sold.' }),
      chainId: t.exposeInt('chainId', {
        nullable: true,
        description: 'The pool’s chain; null for a depth curve.',
      }),
      pool: t.expose('pool', { type: 'Address', nullable: true, description: 'The pool’s address.' }),
      poolBlock: t.expose('poolBlock', {
        type: 'BigInt',
        nullable: true,
        description: 'Block the pool’s state was read at (it held unchanged up to the cut).',
      }),
      quote: t.exposeString('quote', {
        description: 'What sales are paid in: the pool’s quote token, or USD (6 decimals) for a depth curve.',
      }),
      twoPercentDepthUsd: t.expose('twoPercentDepthUsd', {
        type: 'Decimal',
        nullable: true,
        description: 'The depth curve’s 2% depth; null for a pool.',
      }),
      feePips: t.exposeInt('feePips'),
      price: t.expose('price', {
        type: 'Decimal',
        description:
          'Depth curve: the USD price it was placed at; pool: its marginal price at the cut, quote per asset.',
      }),
      depth: t.expose('depth', {
        type: 'Decimal',
        nullable: true,
        description: 'A depth curve’s virtual reserve, tokens; null for a pool.',
      }),
    }),
  })
  const Cascade = builder.objectRef<CascadeView>('Cascade')
  Cascade.implement({
    description: 'A liquidation cascade over stored positions at one pinned cut.',
    fields: (t) => ({
      wallets: t.exposeInt('wallets'),
      scenario: t.exposeString('scenario'),
      shock: t.expose('shock', { type: [FactorMultiplier] }),
      maxRounds: t.exposeInt('maxRounds'),
      rounds: t.expose('rounds', { type: [Round] }),
      fixedPoint: t.exposeBoolean('fixedPoint', {
        description: 'The last round liquidated nothing (false: maxRounds cut it).',
      }),
      end: t.expose('end', { type: End }),
      comparison: t.expose('comparison', { type: Comparison }),
      markets: t.expose('markets', { type: [Market] }),
      reasons: t.exposeStringList('reasons', {
        description:
          'Why the answer may not be trusted (stale or unindexed chains, unmapped positions, missing prices); empty when complete.',
      }),
      blocks: t.expose('blocks', { type: [reports.ChainFreshness] }),
    }),
  })
  const Loss = builder.objectRef<CoverTwoLossView>('CoverTwoLoss')
  Loss.implement({
    fields: (t) => ({
      venue: t.expose('venue', { type: enums.VenueRule }),
      chainId: t.exposeInt('chainId'),
      wallet: t.expose('wallet', { type: 'Address' }),
      market: t.exposeString('market', { nullable: true }),
      loss: t.expose('loss', {
        type: 'Decimal',
        description: 'USD its collateral falls short of its liabilities.',
      }),
    }),
  })
  const ScenarioLosses = builder.objectRef<CoverTwoView['byScenario'][number]>('CoverTwoScenarioLosses')
  ScenarioLosses.implement({
    fields: (t) => ({
      scenario: t.exposeString('scenario'),
      total: t.expose('total', { type: 'Decimal' }),
      largest: t.expose('largest', { type: [Loss] }),
    }),
  })
  const CoverTwo = builder.objectRef<CoverTwoView>('CoverTwo')
  CoverTwo.implement({
    description:
      'Cover-2: the default fund that covers the two venue accounts with the largest losses beyond margin, under the worst scenario (instantaneous, no liquidations in between).',
    fields: (t) => ({
      wallets: t.exposeInt('wallets'),
      fund: t.expose('fund', { type: 'Decimal', description: 'USD.' }),
      scenario: t.exposeString('scenario'),
      largest: t.expose('largest', { type: [Loss] }),
      byScenario: t.expose('byScenario', { type: [ScenarioLosses] }),
      reasons: t.exposeStringList('reasons'),
      blocks: t.expose('blocks', { type: [reports.ChainFreshness] }),
    }),
  })
  return { Cascade, CoverTwo }
}
