/**
 * Cascade benchmark: a liquidation cascade over 10,000 synthetic wallets (Aave v3 on chains 1 and
 * 42161, Morpho Blue; WETH collateral, USDC debt, LTVs spread over 30–75%) after an ETH −25% shock,
 * selling seized WETH into one depth curve, to the fixed point; then the same under unified portfolio
 * margin (simulatePortfolioCascade). Prints rounds, time and memory.
 * No timed assertions.
 * Run: pnpm --filter @xmargin/engine bench:cascade   (BENCH_WALLETS=n to change the count)
 */
import { simulateCascade } from '../src/systemic/cascade.js'
import { simulatePortfolioCascade } from '../src/systemic/portfolio-cascade.js'
import { type Borrower, borrowersBook, ethCurve } from '../src/testing/cascade-fixtures.js'

const WALLETS = Number(process.env.BENCH_WALLETS ?? 10_000)
/** WETH in the depth curve (900M USDC at 3,000): selling 3,000 WETH moves the price by about −2%. */
const DEPTH = 300_000
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {})

/** Deterministic uniform [0, 1) (mulberry32), so every run cascades over the same books. */
function uniform(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const random = uniform(15)
const borrowers: Borrower[] = Array.from({ length: WALLETS }, (_, i) => {
  const weth = Math.round((0.5 + random() * 49.5) * 1e4) / 1e4
  const ltv = 0.3 + random() * 0.45
  const kind = i % 3
  return {
    weth,
    usdc: Math.round(weth * 3000 * ltv * 100) / 100,
    venue: kind === 2 ? 'morpho-blue' : 'aave-v3',
    chainId: kind === 1 ? 42161 : 1,
  }
})

collect()
const before = process.memoryUsage()
let start = performance.now()
const book = borrowersBook(borrowers)
const prepareMs = performance.now() - start
start = performance.now()
const result = simulateCascade({
  book,
  shock: { ETH: 0.75 },
  impact: { ETH: ethCurve(DEPTH) },
  maxRounds: 200,
})
const cascadeMs = performance.now() - start
const after = process.memoryUsage()

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`
console.log(`${WALLETS} wallets, ${book.positions.length} positions; ETH −25%, depth curve ${DEPTH} WETH`)
console.log('round  ETH×     liquidations  wallets  seized USD     repaid USD     bad debt USD')
for (const r of result.rounds) {
  const seized = r.liquidations.reduce((s, l) => s + l.seized.value, 0)
  const repaid = r.liquidations.reduce((s, l) => s + l.repaid.value, 0)
  console.log(
    [
      String(r.round).padStart(5),
      (r.multipliers.ETH ?? 1).toFixed(4).padStart(7),
      String(r.liquidations.length).padStart(13),
      String(r.walletsHit).padStart(8),
      seized.toFixed(0).padStart(13),
      repaid.toFixed(0).padStart(14),
      r.badDebt.toFixed(0).padStart(15),
    ].join('  '),
  )
}
console.log(
  `fixed point: ${result.fixedPoint} after ${result.rounds.length} rounds; final ETH× ${result.multipliers.ETH?.toFixed(4)}; ` +
    `wallets hit ${result.totals.walletsHit}; bad debt ${result.totals.badDebt.toFixed(0)} USD`,
)
for (const v of result.totals.byVenue)
  console.log(
    `  ${v.rule} chain ${v.chainId}: ${v.liquidations} liquidations, seized ${v.seizedValue.toFixed(0)} USD, bad debt ${v.badDebt.toFixed(0)} USD`,
  )
console.log(`time: prepare ${prepareMs.toFixed(0)} ms, cascade ${cascadeMs.toFixed(0)} ms`)
console.log(
  `memory: heap used ${mb(before.heapUsed)} → ${mb(after.heapUsed)}, rss ${mb(before.rss)} → ${mb(after.rss)}`,
)

// The same book, shock and market under unified portfolio margin (one account per wallet).
collect()
const unifiedBefore = process.memoryUsage()
start = performance.now()
const unified = simulatePortfolioCascade({
  book,
  shock: { ETH: 0.75 },
  impact: { ETH: ethCurve(DEPTH) },
  maxRounds: 200,
})
const unifiedMs = performance.now() - start
const unifiedAfter = process.memoryUsage()
console.log(
  `unified portfolio margin: fixed point ${unified.fixedPoint} after ${unified.rounds.length} rounds; ` +
    `${unified.totals.liquidations} liquidations, wallets hit ${unified.totals.walletsHit}, ` +
    `seized ${unified.totals.seizedValue.toFixed(0)} USD, bad debt ${unified.totals.badDebt.toFixed(0)} USD; ` +
    `final ETH× ${unified.multipliers.ETH?.toFixed(4)}`,
)
console.log(
  `time: unified cascade ${unifiedMs.toFixed(0)} ms; memory: heap used ${mb(unifiedBefore.heapUsed)} → ${mb(unifiedAfter.heapUsed)}`,
)
