/**
 * Engine benchmark: prints reports per second, single thread. No timed assertions.
 * Run: pnpm --filter @xmargin/engine bench
 */
import { formatUserSummary } from '@aave/math-utils'
import type { Position } from '@xmargin/core'
import fc from 'fast-check'
import { calculateAaveAccountData } from '../src/aave-v3/calculate-aave-account-data.js'
import { computeMargin } from '../src/compute-margin.js'
import { aaveAccountArbitrary, toEngineInput, toMathUtilsInput } from '../src/testing/aave-accounts.js'
import { debt, NOW, option, PRICES, perp, spot, supply, VOLATILITIES } from '../src/testing/fixtures.js'

function measure(label: string, work: () => number, minMs = 1500): number {
  // Warm up, then run whole batches until minMs has passed.
  for (let i = 0; i < 3; i++) work()
  let units = 0
  const start = performance.now()
  let elapsed = 0
  while (elapsed < minMs) {
    units += work()
    elapsed = performance.now() - start
  }
  const rate = (units / elapsed) * 1000
  console.log(`${label.padEnd(58)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} /s`)
  return rate
}

const linearBook: Position[] = [
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

const optionBook: Position[] = []
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
const optionPrices = [...PRICES, { ...PRICES.find((p) => p.asset === 'BTC')!, chainId: 8453 }]

const base = { prices: PRICES, volatilities: VOLATILITIES, now: NOW }

console.log(`xmargin engine benchmark — node ${process.version}, single thread\n`)
const linear = measure('portfolio: 10-position linear book, 3 factors', () => {
  computeMargin({ ...base, positions: linearBook, liquidationPrices: false })
  return 1
})
measure('portfolio: same, with liquidation prices', () => {
  computeMargin({ ...base, positions: linearBook })
  return 1
})
const options = measure('portfolio: 20-option book, 2 factors, full grid', () => {
  computeMargin({ ...base, prices: optionPrices, positions: optionBook, liquidationPrices: false })
  return 1
})
const optionsLiq = measure('portfolio: 20-option book, full grid + liquidation prices', () => {
  computeMargin({ ...base, prices: optionPrices, positions: optionBook })
  return 1
})

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
measure('portfolio: batch of 10,000 wallets (3-5 positions), wallets', () => {
  for (const positions of wallets) computeMargin({ ...base, positions, liquidationPrices: false })
  return wallets.length
})
measure(
  'standard: 10-position linear book',
  () => {
    computeMargin({ ...base, positions: linearBook, model: 'standard', liquidationPrices: false })
    return 1
  },
  800,
)
measure(
  'es (10,000 paths): 10-position linear book',
  () => {
    computeMargin({ ...base, positions: linearBook, model: 'es', liquidationPrices: false, isolated: false })
    return 1
  },
  800,
)

const accounts = fc.sample(aaveAccountArbitrary, { numRuns: 1000, seed: 42 })
const engineInputs = accounts.map(toEngineInput)
const mathUtilsInputs = accounts.map(toMathUtilsInput)
console.log('')
const ours = measure('aave-v3: calculateAaveAccountData, 1,000 random accounts', () => {
  for (const input of engineInputs) calculateAaveAccountData(input)
  return engineInputs.length
})
const theirs = measure('aave-v3: @aave/math-utils formatUserSummary, same accounts', () => {
  for (const input of mathUtilsInputs) formatUserSummary(input)
  return mathUtilsInputs.length
})
console.log(`\naave-v3 speed-up over @aave/math-utils: ${(ours / theirs).toFixed(1)}x (target >= 10x)`)
console.log(`linear book: ${Math.round(linear).toLocaleString('en-US')}/s (target >= 100,000/s)`)
console.log(
  `option book: ${Math.round(options).toLocaleString('en-US')}/s (target >= 10,000/s); with liquidation prices ${Math.round(optionsLiq).toLocaleString('en-US')}/s`,
)
