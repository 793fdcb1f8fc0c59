/**
 * Test and benchmark fixtures (not exported by the package): position and price builders with
 * readable defaults, and fast-check arbitraries for books.
 */
import type { Address, OptionPosition, PerpPosition, Position, Price } from '@xmargin/core'
import fc from 'fast-check'

export const WALLET: Address = '0x00000000000000000000000000000000000000a1'
export const NOW = 1_700_000_000

const UNITS = 10n ** 18n

/** `amount` units of an 18-decimal (or given decimals) asset as a raw bigint, exact for decimals inputs like 1.5. */
export function units(amount: number, decimals = 18): bigint {
  const [int = '0', frac = ''] = Math.abs(amount).toFixed(Math.min(decimals, 12)).split('.')
  const raw = BigInt(int + frac.padEnd(decimals, '0').slice(0, decimals))
  return amount < 0 ? -raw : raw
}

export function usd(amount: number): { value: bigint; decimals: number } {
  return { value: units(amount, 8), decimals: 8 }
}

export function price(asset: string, value: number, chainId = 1, age = 60): Price {
  return {
    asset,
    chainId,
    value: units(value, 8),
    decimals: 8,
    updatedAt: NOW - age,
    source: `feed:${asset}`,
  }
}

type Common = { id?: string; chainId?: number; venue?: string; wallet?: Address; blockNumber?: bigint }

function base(kind: string, asset: string, c: Common) {
  const chainId = c.chainId ?? 1
  const venue = c.venue ?? 'wallet'
  return {
    id: c.id ?? `${chainId}:${venue}:${asset}:${kind}`,
    chainId,
    venue,
    wallet: c.wallet ?? WALLET,
    asset,
    blockNumber: c.blockNumber ?? 100n,
  }
}

export function spot(asset: string, amount: number, c: Common & { decimals?: number } = {}): Position {
  const decimals = c.decimals ?? 18
  return { ...base('spot', asset, c), kind: 'spot', amount: units(amount, decimals), decimals }
}

export function supply(
  asset: string,
  amount: number,
  c: Common & { decimals?: number; collateral?: boolean } = {},
): Position {
  const decimals = c.decimals ?? 18
  return {
    ...base('supply', asset, { venue: 'aave-v3', ...c }),
    kind: 'supply',
    amount: units(amount, decimals),
    decimals,
    collateral: c.collateral ?? true,
  }
}

export function debt(asset: string, amount: number, c: Common & { decimals?: number } = {}): Position {
  const decimals = c.decimals ?? 18
  return {
    ...base('debt', asset, { venue: 'aave-v3', ...c }),
    kind: 'debt',
    amount: units(amount, decimals),
    decimals,
  }
}

export function perp(
  asset: string,
  size: number,
  entry: number,
  c: Common & { funding?: number } = {},
): PerpPosition {
  return {
    ...base('perp', asset, { venue: 'perp', ...c }),
    kind: 'perp',
    amount: units(size),
    decimals: 18,
    entryPrice: usd(entry),
    funding: usd(c.funding ?? 0),
  }
}

export function option(
  asset: string,
  size: number,
  right: 'call' | 'put',
  strike: number,
  days: number,
  c: Common = {},
): OptionPosition {
  const b = base(`option-${right}-${strike}-${days}`, asset, { venue: 'options', ...c })
  return {
    ...b,
    kind: 'option',
    amount: units(size),
    decimals: 18,
    right,
    strike: usd(strike),
    expiry: NOW + Math.round(days * 86_400),
  }
}

/** Prices for the default assets on the chains the arbitraries use. */
export const PRICES: Price[] = [1, 10, 42161].flatMap((chainId) => [
  price('WETH', 3000, chainId),
  price('ETH', 3000, chainId),
  price('wstETH', 3500, chainId),
  price('WBTC', 60_000, chainId),
  price('BTC', 60_000, chainId),
  price('USDC', 1, chainId),
  price('USDT', 1, chainId),
  price('USDC.e', 1, chainId),
  price('ARB', 0.8, chainId),
])

export const VOLATILITIES = [
  { asset: 'ETH', value: 0.6 },
  { asset: 'BTC', value: 0.5 },
  { asset: 'ARB', value: 0.9 },
]

const chains = fc.constantFrom(1, 10, 42161)
const amount = fc.double({ min: 0.01, max: 500, noNaN: true })

/** Any collateral position (spot or collateral-enabled supply). */
export const collateralArbitrary = fc
  .record({
    asset: fc.constantFrom('WETH', 'wstETH', 'WBTC', 'USDC', 'USDT', 'USDC.e', 'ARB'),
    amount,
    chainId: chains,
    kind: fc.constantFrom('spot', 'supply'),
    n: fc.integer({ min: 0, max: 1_000_000 }),
  })
  .map(({ asset, amount: a, chainId, kind, n }) => {
    const scaled =
      asset === 'WBTC' ? a / 20 : asset.startsWith('USD') ? a * 3000 : asset === 'ARB' ? a * 100 : a
    const id = `c${n}`
    return kind === 'spot' ? spot(asset, scaled, { id, chainId }) : supply(asset, scaled, { id, chainId })
  })

/** Any position including liabilities and derivatives. */
export const positionArbitrary: fc.Arbitrary<Position> = fc.oneof(
  collateralArbitrary,
  fc
    .record({
      asset: fc.constantFrom('WETH', 'USDC', 'WBTC'),
      amount,
      chainId: chains,
      n: fc.integer({ min: 0, max: 1e6 }),
    })
    .map(({ asset, amount: a, chainId, n }) =>
      debt(asset, asset === 'USDC' ? a * 1000 : asset === 'WBTC' ? a / 40 : a / 2, { id: `d${n}`, chainId }),
    ),
  fc
    .record({
      asset: fc.constantFrom('ETH', 'BTC'),
      size: fc.double({ min: -100, max: 100, noNaN: true }),
      entry: fc.double({ min: 0.8, max: 1.2, noNaN: true }),
      chainId: chains,
      n: fc.integer({ min: 0, max: 1e6 }),
    })
    .map(({ asset, size, entry, chainId, n }) =>
      perp(asset, asset === 'BTC' ? size / 20 : size, (asset === 'BTC' ? 60_000 : 3000) * entry, {
        id: `p${n}`,
        chainId,
      }),
    ),
  fc
    .record({
      size: fc.double({ min: -20, max: 20, noNaN: true }),
      right: fc.constantFrom<'call' | 'put'>('call', 'put'),
      moneyness: fc.double({ min: 0.7, max: 1.3, noNaN: true }),
      days: fc.integer({ min: 1, max: 120 }),
      n: fc.integer({ min: 0, max: 1e6 }),
    })
    .map(({ size, right, moneyness, days, n }) =>
      option('ETH', size, right, Math.round(3000 * moneyness), days, { id: `o${n}`, chainId: 8453 }),
    ),
)

/**
 * Issue 19's rule restated on raw positions, as the tests' own oracle: the book holds a debt, a
 * perp (either side) or a written option.
 */
export function owesSomething(positions: readonly Position[]): boolean {
  return positions.some(
    (p) => p.kind === 'debt' || p.kind === 'perp' || (p.kind === 'option' && p.amount < 0n),
  )
}

/** Books of 1–8 positions with unique ids. */
export const bookArbitrary = fc
  .array(positionArbitrary, { minLength: 1, maxLength: 8 })
  .map((positions) => positions.map((p, i) => ({ ...p, id: `${p.id}-${i}` }) as Position))

export const ONE = UNITS
