/**
 * Engine benchmark: prints reports per second, single thread. No timed assertions.
 * Run: pnpm --filter @xmargin/engine bench
 * Against another commit in the same run (ratios and same-report checks):
 * BENCH_BASELINE=20ec57f pnpm --filter @xmargin/engine bench (20ec57f: before the second hot-path pass)
 *
 * Same-run baseline, in separate phases: each block runs the current engine for ~600 ms, then the
 * baseline for as long (the order alternates from block to block), with a full GC before each
 * phase (`--expose-gc`), so both see the machine load of the same few seconds but neither pays for
 * the other's garbage. (Interleaving 20 ms slices, as before, let the old engines' garbage —
 * collected in whichever slice the heap filled — slow the current engine by up to a third.)
 * BENCH_INTERLEAVE=1 restores the 20 ms slices.
 */
import { formatUserSummary } from '@aave/math-utils'
import fc from 'fast-check'
import { calculateAaveAccountData } from '../src/aave-v3/calculate-aave-account-data.js'
import { type ComputeMarginParameters, computeMargin } from '../src/compute-margin.js'
import { aaveAccountArbitrary, toEngineInput, toMathUtilsInput } from '../src/testing/aave-accounts.js'
import { debt, perp, spot, supply } from '../src/testing/fixtures.js'
import { DEFAULT_BASELINE_REF, loadBaseline } from './baseline.js'
import { base, cases, linearBook, optionBook, optionPrices, walletBooks } from './books.js'

const baseline = await loadBaseline(process.env.BENCH_BASELINE ?? DEFAULT_BASELINE_REF)
/** Blocks per case; each block runs the current engine and the baseline in turn. */
const BLOCKS = Number(process.env.BENCH_BLOCKS ?? 5)
/** Interleave 20 ms slices within a block instead of one phase per engine (the former method). */
const INTERLEAVE = process.env.BENCH_INTERLEAVE === '1'
const SLICE_MS = 20
/** Full collection between phases when the process has `--expose-gc` (the bench script does). */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {})

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

type Tally = { units: number; ms: number }

/** Runs whole batches for at least `ms`, adding units and elapsed time to `tally`. */
function slice(work: () => number, ms: number, tally: Tally): void {
  const start = performance.now()
  let elapsed = 0
  while (elapsed < ms) {
    tally.units += work()
    elapsed = performance.now() - start
  }
  tally.ms += elapsed
}

const format = (x: number) => Math.round(x).toLocaleString('en-US').padStart(11)

/** One engine's phase of a block: a full GC, then slices for at least `ms`. */
function phase(work: () => number, ms: number): Tally {
  collect()
  const tally: Tally = { units: 0, ms: 0 }
  while (tally.ms < ms) slice(work, SLICE_MS, tally)
  return tally
}

/**
 * Warms both implementations up, then runs `BLOCKS` blocks; in each, the current engine and the
 * baseline run in separate phases of `blockMs` (GC'd before each; which one goes first alternates),
 * or, with BENCH_INTERLEAVE=1, in alternating 20 ms slices. Prints the median per-block rate of
 * each and the median per-block ratio, with the range of the ratios.
 */
function measure(label: string, work: () => number, old?: () => number, blockMs = 600): number {
  slice(work, 400, { units: 0, ms: 0 })
  if (old) slice(old, 400, { units: 0, ms: 0 })
  const ours: number[] = []
  const theirs: number[] = []
  const ratios: number[] = []
  for (let block = 0; block < BLOCKS; block++) {
    let a: Tally = { units: 0, ms: 0 }
    let b: Tally = { units: 0, ms: 0 }
    if (!old) a = phase(work, blockMs)
    else if (INTERLEAVE) {
      collect()
      while (a.ms < blockMs) {
        slice(work, SLICE_MS, a)
        slice(old, SLICE_MS, b)
      }
    } else if (block % 2 === 0) {
      a = phase(work, blockMs)
      b = phase(old, blockMs)
    } else {
      b = phase(old, blockMs)
      a = phase(work, blockMs)
    }
    ours.push((a.units / a.ms) * 1000)
    if (old) {
      theirs.push((b.units / b.ms) * 1000)
      ratios.push(ours.at(-1)! / theirs.at(-1)!)
    }
  }
  const line = `${label.padEnd(58)} ${format(median(ours))} /s`
  const range = `${Math.min(...ratios).toFixed(1)}–${Math.max(...ratios).toFixed(1)}`
  console.log(
    old ? `${line}   baseline ${format(median(theirs))} /s   ×${median(ratios).toFixed(1)} (${range})` : line,
  )
  return median(ours)
}

const serialize = (report: unknown) =>
  JSON.stringify(report, (_, value: unknown) => (typeof value === 'bigint' ? `${value}n` : value))

/** Largest relative difference between numbers at the same place in two reports (0 when identical). */
function maxRelativeDifference(a: unknown, b: unknown, path = ''): { diff: number; path: string } {
  if (typeof a === 'number' && typeof b === 'number') {
    if (Object.is(a, b)) return { diff: 0, path }
    return { diff: Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b)), path }
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object')
    return { diff: a === b ? 0 : Number.POSITIVE_INFINITY, path }
  let worst = { diff: 0, path }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const next = maxRelativeDifference(
      (a as Record<string, unknown>)[key],
      (b as Record<string, unknown>)[key],
      `${path}.${key}`,
    )
    if (next.diff > worst.diff) worst = next
  }
  return worst
}

/** Prints whether the current engine's report equals the baseline's, or by how much it differs. */
function checkSame(label: string, parameters: ComputeMarginParameters) {
  if (!baseline) return
  const ours = computeMargin(parameters)
  const theirs = baseline.computeMargin(parameters)
  if (serialize(ours) === serialize(theirs)) console.log(`  same report as baseline: ${label}`)
  else {
    const { diff, path } = maxRelativeDifference(ours, theirs)
    console.log(
      `  report differs from baseline: ${label}: max relative difference ${diff.toExponential(2)} at ${path}`,
    )
  }
}

const method = INTERLEAVE
  ? `${BLOCKS} blocks of interleaved ${SLICE_MS} ms slices of current and baseline per case`
  : `${BLOCKS} blocks per case, each a phase of the current engine and one of the baseline (order alternating), full GC before each phase${globalThis.gc ? '' : ' (unavailable: run with --expose-gc)'}`
console.log(
  `xmargin engine benchmark — node ${process.version}, single thread; ${method}; medians` +
    (baseline ? `; baseline = engine at ${baseline.ref}` : ''),
)
console.log('')

const old = baseline?.computeMargin
const rates = cases.map(({ label, parameters }) =>
  measure(
    label,
    () => {
      computeMargin(parameters)
      return 1
    },
    old &&
      (() => {
        old(parameters)
        return 1
      }),
  ),
)
const [linear, linearLiq, options, optionsLiq] = rates as [number, number, number, number]

const wallets = walletBooks()
/** The batch in chunks of 250 wallets (whole batches would not fit a slice), cycling through all. */
const walletBatch = (run: typeof computeMargin) => {
  let next = 0
  return () => {
    const end = Math.min(next + 250, wallets.length)
    for (let w = next; w < end; w++) run({ ...base, positions: wallets[w]!, liquidationPrices: false })
    const count = end - next
    next = end === wallets.length ? 0 : end
    return count
  }
}
const walletRate = measure(
  'portfolio: batch of 10,000 wallets (3-5 positions), wallets',
  walletBatch(computeMargin),
  old && walletBatch(old),
  1000,
)
const esParameters: ComputeMarginParameters = {
  ...base,
  positions: linearBook,
  model: 'es',
  liquidationPrices: false,
  isolated: false,
}
measure(
  'es (10,000 paths): 10-position linear book',
  () => {
    computeMargin(esParameters)
    return 1
  },
  old &&
    (() => {
      old(esParameters)
      return 1
    }),
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

if (baseline) {
  console.log('')
  for (const { label, parameters } of cases) checkSame(label, parameters)
  checkSame('es, linear book', esParameters)
  // Books with liquidation prices inside the range (the books above have none): the solver changed
  // (Brent instead of Illinois), so these may differ in the last digits of the liquidation prices.
  for (const [label, positions] of [
    ['10 WETH against 20,000 USDC debt', [spot('WETH', 10), debt('USDC', 20_000, { decimals: 6 })]],
    [
      'leveraged ETH/BTC: WETH + WBTC against USDC debt, short ETH perp',
      [
        spot('WETH', 10),
        supply('WBTC', 0.5),
        debt('USDC', 40_000, { decimals: 6 }),
        perp('ETH', -3, 3000, { chainId: 42161 }),
      ],
    ],
    ['20-option book with 150,000 USDC debt', [...optionBook, debt('USDC', 150_000, { decimals: 6 })]],
  ] as const)
    checkSame(label, { ...base, prices: optionPrices, positions: [...positions] })
  let same = 0
  for (const positions of wallets) {
    const parameters = { ...base, positions }
    if (serialize(computeMargin(parameters)) === serialize(baseline.computeMargin(parameters))) same++
  }
  console.log(
    `  wallets with liquidation prices: ${same.toLocaleString('en-US')} of ${wallets.length.toLocaleString('en-US')} reports identical to baseline`,
  )
}
console.log(`\naave-v3 speed-up over @aave/math-utils: ${(ours / theirs).toFixed(1)}x (target >= 10x)`)
console.log(
  `linear book: ${Math.round(linear).toLocaleString('en-US')}/s (target >= 100,000/s); with liquidation prices ${Math.round(linearLiq).toLocaleString('en-US')}/s`,
)
console.log(
  `option book: ${Math.round(options).toLocaleString('en-US')}/s (target >= 10,000/s); with liquidation prices ${Math.round(optionsLiq).toLocaleString('en-US')}/s`,
)
console.log(`wallet batch: ${Math.round(walletRate).toLocaleString('en-US')} wallets/s`)
