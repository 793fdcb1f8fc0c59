import type { PreparedBook, PreparedPosition } from '../book.js'
import type { PriceImpact } from '../impact/price-impact.js'
import { InvalidCascadeParametersError, MissingPriceImpactError } from './errors.js'

/** One factor's forced sale in a round: raw units sold and received, and the price multiplier after. */
export type CascadeSale = { factor: string; amountIn: bigint; amountOut: bigint; multiplierAfter: number }

/** Raw units of seized collateral to sell, by factor index, in the decimals of the first asset seized. */
export type SoldUnits = Map<number, { asset: string; amount: bigint; decimals: number }>

/**
 * The markets and price multipliers a cascade moves round after round: each factor's price-impact
 * model (replaced by its state after every sale) and multiplier (shock × the model's price relative
 * to where it started). Both cascades (venue rules and unified portfolio margin) share it.
 */
export type CascadeMarkets = {
  factors: readonly string[]
  /** Multiplier per factor index; 1 = the book's price. */
  multipliers: number[]
  /** Sells the round's seized units into each factor's market and moves its multiplier. */
  sell(sold: SoldUnits): CascadeSale[]
}

/**
 * Validates a shock against a book's factors and opens its markets: the starting multipliers are the
 * shock's (absent factors 1), and a sale of a factor without an impact model is an error.
 *
 * @example
 * const markets = openCascadeMarkets(book, { ETH: 0.75 }, { ETH: ethImpact })
 * markets.sell(new Map([[0, { asset: 'WETH', amount: 10n ** 18n, decimals: 18 }]]))
 */
export function openCascadeMarkets(
  book: PreparedBook,
  shock: Readonly<Record<string, number>>,
  impact: Readonly<Record<string, PriceImpact>>,
): CascadeMarkets {
  const factors = book.factors
  for (const [factor, m] of Object.entries(shock)) {
    if (!factors.includes(factor))
      throw new InvalidCascadeParametersError(`unknown factor ${factor} in the shock`)
    if (!(m >= 0) || !Number.isFinite(m))
      throw new InvalidCascadeParametersError(`shock ${m} on ${factor} is not a finite multiplier ≥ 0`)
  }
  const markets = new Map<string, PriceImpact>(Object.entries(impact))
  const startPrice = new Map<string, number>([...markets].map(([f, i]) => [f, i.price()]))
  const multipliers = factors.map((f) => shock[f] ?? 1)
  return {
    factors,
    multipliers,
    sell(sold) {
      const sales: CascadeSale[] = []
      for (const [factorIndex, units] of sold) {
        const factor = factors[factorIndex] as string
        const market = markets.get(factor)
        if (!market) throw new MissingPriceImpactError(factor, units.asset)
        const shift = market.source.assetDecimals - units.decimals
        const raw = shift >= 0 ? units.amount * 10n ** BigInt(shift) : units.amount / 10n ** BigInt(-shift)
        const sale = market.sell(raw)
        markets.set(factor, sale.after)
        multipliers[factorIndex] =
          (shock[factor] ?? 1) * (sale.after.price() / (startPrice.get(factor) as number))
        sales.push({
          factor,
          amountIn: sale.amountIn,
          amountOut: sale.amountOut,
          multiplierAfter: multipliers[factorIndex] as number,
        })
      }
      return sales
    },
  }
}

/**
 * Adds raw units of a seized position to the round's sales of its factor.
 *
 * @example
 * addSold(sold, seizedPosition, liquidation.seized.amount - liquidation.protocolFee)
 */
export function addSold(sold: SoldUnits, p: PreparedPosition, amount: bigint): void {
  const position = p.position
  if (position.kind !== 'supply' && position.kind !== 'spot') return
  const entry = sold.get(p.factor) ?? { asset: position.asset, amount: 0n, decimals: position.decimals }
  entry.amount += amount
  sold.set(p.factor, entry)
}

/**
 * USD price per asset at the multipliers (the book's price of its first position × multiplier).
 *
 * @example
 * assetPrices(book, [0.75, 1]) // { WETH: 2250, USDC: 1 }
 */
export function assetPrices(book: PreparedBook, multipliers: readonly number[]): Record<string, number> {
  const prices: Record<string, number> = {}
  for (const p of book.positions)
    if (!(p.position.asset in prices)) prices[p.position.asset] = p.price * (multipliers[p.factor] ?? 1)
  return prices
}
