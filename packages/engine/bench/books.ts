/**
 * The benchmark's books, shared by `run.ts` (rates and same-report checks) and `profile.ts`
 * (one case in a loop under `--cpu-prof`).
 */
import type { Position } from '@xmargin/core'
import type { ComputeMarginParameters } from '../src/compute-margin.js'
import { debt, NOW, option, PRICES, perp, spot, supply, VOLATILITIES } from '../src/testing/fixtures.js'

/** 10 positions on 3 factors (ETH, BTC, USD), two chains: collateral, debts and perps. */
export const linearBook: Position[] = [
  spot('WETH', 10, { chainId: 1 }),
  spot('WETH', 5, { chainId: 42161 }),
  supply('wstETH', 3, { chainId: 1 }),
  supply('WBTC', 0.5, { chainId: 42161 }),
  spot('USDC', 20_000, { decimals: 6 }),
  supply('USDT', 10_000, { decimals: 6, chainId: 42161 }),
  debt('USDC', 15_000, { decimals: 6 }),
  debt('WETH', 2, { chainId: 42161 }),
  perp('ETH', -12, 2950, { chainId: 42161 }),
  perp('BTC', 0.3, 61_000, { chainId: 42161 }),
]

/** 20 options, 10 on ETH and 10 on BTC, on chain 8453: bought and written, puts and calls. */
export const optionBook: Position[] = []
for (const [asset, spotPrice] of [
  ['ETH', 3000],
  ['BTC', 60_000],
] as const) {
  for (let i = 0; i < 10; i++) {
    const strike = Math.round(spotPrice * (0.8 + 0.04 * i))
    optionBook.push(
      option(asset, i % 2 === 0 ? -5 : 3, i % 3 === 0 ? 'put' : 'call', strike, 7 + 9 * i, { chainId: 8453 }),
    )
  }
}
export const optionPrices = [...PRICES, { ...PRICES.find((p) => p.asset === 'BTC')!, chainId: 8453 }]

/** Prices, vols and clock of every case. */
export const base = { prices: PRICES, volatilities: VOLATILITIES, now: NOW }

/** The timed `computeMargin` cases, by label, with a short name for `profile.ts`. */
export const cases: { name: string; label: string; parameters: ComputeMarginParameters }[] = [
  {
    name: 'linear',
    label: 'portfolio: 10-position linear book, 3 factors',
    parameters: { ...base, positions: linearBook, liquidationPrices: false },
  },
  {
    name: 'linear-liq',
    label: 'portfolio: same, with liquidation prices',
    parameters: { ...base, positions: linearBook },
  },
  {
    name: 'options',
    label: 'portfolio: 20-option book, 2 factors, full grid',
    parameters: { ...base, prices: optionPrices, positions: optionBook, liquidationPrices: false },
  },
  {
    name: 'options-liq',
    label: 'portfolio: 20-option book, full grid + liquidation prices',
    parameters: { ...base, prices: optionPrices, positions: optionBook },
  },
  {
    name: 'standard',
    label: 'standard: 10-position linear book',
    parameters: { ...base, positions: linearBook, model: 'standard', liquidationPrices: false },
  },
]

/** 10,000 wallets of 3–5 positions (WETH and USDC against USDC debt; some perps, some WBTC). */
export function walletBooks(): Position[][] {
  const wallets: Position[][] = []
  for (let w = 0; w < 10_000; w++) {
    const wallet = `0x${(w + 1).toString(16).padStart(40, '0')}` as const
    const scale = 0.5 + (w % 17) / 4
    const book: Position[] = [
      spot('WETH', scale, { wallet }),
      spot('USDC', 1000 * scale, { wallet, decimals: 6 }),
      debt('USDC', 800 * scale, { wallet, decimals: 6 }),
    ]
    if (w % 2 === 0) book.push(perp('ETH', -scale / 2, 3000, { wallet, chainId: 42161 }))
    if (w % 5 === 0) book.push(supply('WBTC', scale / 20, { wallet, chainId: 42161 }))
    wallets.push(book)
  }
  return wallets
}
