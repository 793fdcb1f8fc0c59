/**
 * A variable-rate curve of Aave v3's DefaultReserveInterestRateStrategy, in basis points:
 * below `optimalUsage` the borrow rate climbs from `baseRate` by `slope1`, above it by `slope2`.
 */
export type AaveInterestRateInput = {
  /** Utilisation at the kink, bps (9000 = 90 %). */
  optimalUsage: number
  /** Variable borrow rate at zero utilisation, bps. */
  baseRate: number
  /** Rate added between zero and optimal utilisation, bps. */
  slope1: number
  /** Rate added between optimal and full utilisation, bps. */
  slope2: number
}

/** Aave v3 Ethereum's stablecoin curve (USDC, USDT), approximately. */
export const stablecoinInterestRate: AaveInterestRateInput = {
  optimalUsage: 9000,
  baseRate: 0,
  slope1: 600,
  slope2: 6000,
}

/** Aave v3 Ethereum's WETH curve, approximately. */
export const wethInterestRate: AaveInterestRateInput = {
  optimalUsage: 9000,
  baseRate: 0,
  slope1: 270,
  slope2: 8000,
}

/** Aave v3 Ethereum's WBTC curve, approximately. */
export const wbtcInterestRate: AaveInterestRateInput = {
  optimalUsage: 4500,
  baseRate: 0,
  slope1: 400,
  slope2: 30000,
}

/** Aave v3 Ethereum's wstETH curve, approximately. */
export const lstInterestRate: AaveInterestRateInput = {
  optimalUsage: 4500,
  baseRate: 0,
  slope1: 450,
  slope2: 8000,
}

/** The curve a reserve gets when its input names none: a generic volatile-asset curve. */
export const defaultInterestRate: AaveInterestRateInput = {
  optimalUsage: 8000,
  baseRate: 0,
  slope1: 400,
  slope2: 8000,
}

const rayPerBps = 10n ** 23n

/**
 * Constructor arguments of DefaultReserveInterestRateStrategy (after the provider), in ray.
 * Stable-rate borrowing stays disabled on every devnet reserve, so the stable parameters are
 * Aave's customary placeholders (offsets 1 % / 8 %, optimal stable ratio 20 %).
 *
 * @example
 * const args = [provider, ...interestRateStrategyArgs(stablecoinInterestRate)]
 */
export function interestRateStrategyArgs(rate: AaveInterestRateInput): bigint[] {
  const ray = (bps: number) => BigInt(bps) * rayPerBps
  return [
    ray(rate.optimalUsage),
    ray(rate.baseRate),
    ray(rate.slope1),
    ray(rate.slope2),
    0n, // stableRateSlope1
    0n, // stableRateSlope2
    ray(100), // baseStableRateOffset
    ray(800), // stableRateExcessOffset
    ray(2000), // optimalStableToTotalDebtRatio
  ]
}

/**
 * Key under which identical curves share one strategy contract.
 *
 * @example
 * interestRateKey(stablecoinInterestRate) // '9000/0/600/6000'
 */
export function interestRateKey(rate: AaveInterestRateInput): string {
  return `${rate.optimalUsage}/${rate.baseRate}/${rate.slope1}/${rate.slope2}`
}
