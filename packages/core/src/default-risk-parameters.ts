import { defaultFeedHeartbeatSeconds, PRICE_AGE_MARGIN_SECONDS } from './price-age.js'
import type {
  AssetRiskParameters,
  FactorRiskParameters,
  HaircutTier,
  RiskParameters,
  TailScenario,
} from './risk-parameters.js'
import { defineRiskParameters } from './validate-risk-parameters.js'

/**
 * Stylized starting parameters. Every number below is a documented default, not a calibration:
 * the starting values come from the model brief (ENGINE.md "Starting parameters"); the shapes
 * (tiers, tails, vol shocks) follow the public designs of CME SPAN, Derive PMRM, Binance tiered
 * collateral, dYdX v4 and Deribit, cited next to each value. Override per deployment.
 */

/**
 * Concentration tiers, applied marginally on the USD value of the asset held across the whole
 * book. First band = the asset's liquidation cost; higher bands follow the shape of Binance's
 * tiered collateral ratios (value above $1M / $10M costs more to unwind). Band edges are stylized.
 */
function tiers(im: number, mm: number): HaircutTier[] {
  return [
    { upToUsd: 1_000_000, im, mm },
    { upToUsd: 10_000_000, im: Math.min(1, im * 1.5), mm: Math.min(1, mm * 1.5) },
    { upToUsd: null, im: Math.min(1, im * 2.5), mm: Math.min(1, mm * 2.5) },
  ]
}

/**
 * Tails (Derive PMRM style): large moves with vol up, weighted down. The brief suggests
 * w = 0.14/|x|; we use w = 0.9·scan/|x| so that on a linear book a tail costs 90% of the scan
 * move and never dominates it: tails only bite convex (short option) books, which is their job.
 */
function tails(scan: number): TailScenario[] {
  return [-0.66, -0.33, 0.5, 1].map((move) => ({ move, weight: (0.9 * scan) / Math.abs(move) }))
}

/** Per-factor design. Scan ranges from the brief; vol shocks from the brief (Derive-like). */
function factor(scan: number, volatility: number, referenceAsset: string): FactorRiskParameters {
  return { scan, volUp: 0.5, volDown: 0.3, tails: tails(scan), volatility, referenceAsset }
}

function asset(
  factorId: string,
  im: number,
  mm: number,
  extra: Omit<AssetRiskParameters, 'factor' | 'haircuts'> = {},
): AssetRiskParameters {
  return { factor: factorId, haircuts: tiers(im, mm), ...extra }
}

/**
 * Bridged add-on (brief: +1%), the one rule per (asset, chain): an asset pays it on a chain where
 * its token is a bridged representation that a liquidator must bridge back (or sell at a
 * discount) to realise: USDC.e (bridged USDC; native USDC exists beside it) and WBTC (bitcoin
 * wrapped by a custodian, then bridged) on every L2. WETH and ETH get none on the rollups
 * (Optimism 10, Base 8453, Arbitrum 42161): there ETH is the native gas asset and WETH wraps it
 * 1:1 on chain, redeemable through the rollup's own canonical bridge, the chain's own trust
 * assumption. On Polygon PoS (137) WETH is a PoS-bridge token: it pays the add-on.
 */
const bridgedOnL2s = { 10: 0.01, 137: 0.01, 8453: 0.01, 42161: 0.01 }
const bridgedOnPolygon = { 137: 0.01 }

/**
 * The default risk parameters, validated at module load.
 *
 * One charge per risk. Price risk (spot, vol, cross-factor co-moves, depegs) is charged once,
 * by the joint scenarios of the `portfolio` model. Haircuts charge only what it costs to
 * liquidate collateral: the market's spread and depth for a liquidator selling it within a day
 * (initial = twice maintenance, the brief's IM/MM shape), more for large holdings (tiers) and for
 * bridged tokens (add-on). The brief's haircuts (WETH 10/5%, WBTC 12/6%, USDC 2/1%, long tail
 * 40/25%) also covered the price move that the scenarios now charge; what is left of them is the
 * liquidation cost below.
 *
 * @example
 * import { defaultRiskParameters } from '@xmargin/core'
 * defaultRiskParameters.factors.ETH?.scan // 0.15
 */
export const defaultRiskParameters: RiskParameters = defineRiskParameters({
  assets: {
    // Factor ETH: the deepest crypto market (tight spreads, deep DEX/CEX books): 1% / 0.5%.
    ETH: asset('ETH', 0.01, 0.005),
    WETH: asset('ETH', 0.01, 0.005, { bridgedAddOn: bridgedOnPolygon }),
    // Liquid staking tokens: basis shock 3% against ETH (stETH traded up to ~6-7% below ETH in
    // June 2022; 3% is a stylized 2-day stress); twice ETH's liquidation cost (thinner pools,
    // withdrawal queue): 2% / 1%.
    stETH: asset('ETH', 0.02, 0.01, { basis: 0.03 }),
    wstETH: asset('ETH', 0.02, 0.01, { basis: 0.03 }),
    // Factor BTC: wrapped BTC trades thinner than ETH on chain: 1.5% / 0.75%; WBTC bridged on L2s.
    BTC: asset('BTC', 0.015, 0.0075),
    WBTC: asset('BTC', 0.015, 0.0075, { basis: 0.01, bridgedAddOn: bridgedOnL2s }),
    cbBTC: asset('BTC', 0.015, 0.0075, { basis: 0.01 }),
    // Factor USD: stables at par sell with a few basis points of spread: USDC 0.2% / 0.1%,
    // USDT and DAI 0.4% / 0.2% (thinner on chain). The depeg itself is a scenario of factor USD.
    USDC: asset('USD', 0.002, 0.001),
    USDT: asset('USD', 0.004, 0.002, { basis: 0.005 }),
    DAI: asset('USD', 0.004, 0.002, { basis: 0.005 }),
    // Bridged USDC (USDC.e): USDC's cost, +1% bridged add-on (brief), 0.5% basis vs native USDC.
    'USDC.e': asset('USD', 0.002, 0.001, { basis: 0.005, bridgedAddOn: bridgedOnL2s }),
    // Long tail example: thin markets, 10% / 5% to unwind; its own factor with a 30% scan.
    ARB: asset('ARB', 0.1, 0.05),
  },
  factors: {
    // Scan ranges from the brief. `volatility` is a stylized annualised level (2023-24 realised
    // vols: ETH ~60-70%, BTC ~50-55%) used by `es` and as fallback implied vol.
    ETH: factor(0.15, 0.7, 'ETH'),
    BTC: factor(0.12, 0.55, 'BTC'),
    // Stables: shocked on the downside only (`stable`): a 2% depeg on the scan (brief), no tails;
    // the crash-with-depeg joint scenario moves it with crypto.
    USD: { ...factor(0.02, 0.02, 'USDC'), tails: [], stable: true },
    ARB: factor(0.3, 1.0, 'ARB'),
  },
  // ETH–BTC 0.8 from the brief; crypto–USD 0 (pairs not listed are 0). The joint scenarios move
  // factors along the principal directions of this matrix, and all crypto together in a crash.
  correlations: [['ETH', 'BTC', 0.8]],
  contingencies: {
    // Brief: 1% IM / 0.5% MM of perp notional; 0.2% / 0.1% of spot per written option.
    perp: { im: 0.01, mm: 0.005 },
    shortOption: { im: 0.002, mm: 0.001 },
    // Stale price charge (brief names it, no value): 10% / 5% of |value|, stylized.
    stale: { im: 0.1, mm: 0.05 },
  },
  // Brief: k_mm e.g. 0.8.
  maintenanceRiskScale: 0.8,
  // A feed without a heartbeat in its spec: its kind's usual heartbeat plus the margin (crypto
  // 3,900 s, stablecoins 86,700 s, vols 3,900 s); see `defaultFeedHeartbeatSeconds`.
  maxPriceAge: {
    byKind: {
      crypto: defaultFeedHeartbeatSeconds.crypto + PRICE_AGE_MARGIN_SECONDS,
      stablecoin: defaultFeedHeartbeatSeconds.stablecoin + PRICE_AGE_MARGIN_SECONDS,
      volatility: defaultFeedHeartbeatSeconds.volatility + PRICE_AGE_MARGIN_SECONDS,
    },
    bySource: {},
  },
  // Below $10 of |value| a stale price does not turn the whole report UNKNOWN (dust).
  staleMaterialityUsd: 10,
  rate: 0,
  standard: {
    // dYdX v4 large-cap markets: IMF 5%, MMF 3% (0.6 × IMF), IMF rising with size (the OI-based
    // IMF of dYdX v4 / notional tiers of Hyperliquid), stylized edges $1M–$20M, +15%.
    baseImf: 0.05,
    mmfRatio: 0.6,
    imfIncrease: 0.15,
    notionalLowerUsd: 1_000_000,
    notionalUpperUsd: 20_000_000,
    // Deribit written-option rule: IM max(0.15 − OTM/S, 0.10)·S, MM 0.075·S per contract.
    shortOption: { otmBase: 0.15, floor: 0.1, mm: 0.075 },
  },
  // OCC STANS: expected shortfall 99%, 2-day horizon. 10,000 paths, fixed seed.
  es: { confidence: 0.99, horizonDays: 2, paths: 10_000, seed: 20_240_601 },
})
