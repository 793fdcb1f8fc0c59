/**
 * Calibration benchmark: 365 daily returns × 10 factors, single thread. Prints figures, asserts
 * nothing. Run: pnpm --filter @xmargin/engine bench:calibration
 *
 * Same-run ratios: each case runs for ~600 ms in alternation with its baseline, 5 blocks, medians.
 * - the calibration against the same calibration at a git ref (BENCH_CALIBRATION_BASELINE,
 *   default fb485f8, the commit that added it), extracted to `.baseline/<ref>/` like bench/run.ts;
 * - the calibration against one `portfolio` margin report of a 10-position book, so the cost of
 *   recalibrating reads as "so many margin reports".
 */
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type AssetRiskParameters,
  defaultRiskParameters,
  defineRiskParameters,
  type FactorRiskParameters,
} from '@xmargin/core'
import { backtestBook } from '../src/backtest/backtest-book.js'
import { calibrateRiskParameters } from '../src/calibration/calibrate-risk-parameters.js'
import { contentHash } from '../src/calibration/content-hash.js'
import { ewmaCovariances } from '../src/calibration/ewma.js'
import { nearestCorrelation } from '../src/calibration/nearest-correlation.js'
import { logReturns, type PriceHistory } from '../src/calibration/price-history.js'
import { computeMargin } from '../src/compute-margin.js'
import { standardNormals } from '../src/prng.js'
import { debt, NOW, PRICES, perp, spot, supply, VOLATILITIES } from '../src/testing/fixtures.js'
import { seededHistory } from '../src/testing/price-paths.js'

const FACTORS = 10
const DAYS = 365
const BLOCKS = 5
const BLOCK_MS = 600

const names = Array.from({ length: FACTORS }, (_, i) => `F${String(i).padStart(2, '0')}`)
const template = defaultRiskParameters.factors.ETH!
const base = defineRiskParameters({
  ...defaultRiskParameters,
  assets: {
    ...defaultRiskParameters.assets,
    ...Object.fromEntries(
      names.map((f): [string, AssetRiskParameters] => [
        f,
        { factor: f, haircuts: defaultRiskParameters.assets.WETH!.haircuts },
      ]),
    ),
  },
  factors: {
    ...defaultRiskParameters.factors,
    ...Object.fromEntries(
      names.map((f): [string, FactorRiskParameters] => [f, { ...template, referenceAsset: f }]),
    ),
  },
})

/** One-factor model: each factor loads 0.7 on a common shock; vols 2–6% a day; a crash on day 200. */
function history(): PriceHistory {
  const z = standardNormals({ seed: 365, count: DAYS * (FACTORS + 1) })
  const prices: Record<string, number[]> = {}
  names.forEach((f, i) => {
    const series = [100 + i]
    for (let t = 0; t < DAYS; t++) {
      const common = z[t * (FACTORS + 1)]!
      const own = z[t * (FACTORS + 1) + 1 + i]!
      const vol = (0.02 + 0.004 * i) * (t >= 200 && t < 210 ? 4 : 1)
      series.push(series[t]! * Math.exp(vol * (0.7 * common + Math.sqrt(1 - 0.49) * own)))
    }
    prices[f] = series
  })
  return { times: Array.from({ length: DAYS + 1 }, (_, t) => 1_700_006_400 + t * 86_400), prices }
}

type Calibrate = typeof calibrateRiskParameters

async function loadBaseline(ref: string): Promise<Calibrate | undefined> {
  const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
  const target = join(packageDir, '.baseline', ref)
  const file = join(target, 'src', 'calibration', 'calibrate-risk-parameters.ts')
  try {
    if (!existsSync(file)) {
      mkdirSync(target, { recursive: true })
      const archive = execFileSync('git', ['archive', ref, '--', 'src'], { cwd: packageDir })
      execFileSync('tar', ['-x', '-C', target], { input: archive })
    }
    return ((await import(file)) as { calibrateRiskParameters: Calibrate }).calibrateRiskParameters
  } catch (error) {
    console.log(`baseline ${ref} unavailable: ${(error as Error).message.split('\n')[0]}`)
    return undefined
  }
}

const collect = (globalThis as { gc?: () => void }).gc ?? (() => {})
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

/** Runs `work` for at least `ms` after a GC; returns runs per second. */
function rate(work: () => void, ms: number): number {
  collect()
  const start = performance.now()
  let runs = 0
  let elapsed = 0
  while (elapsed < ms) {
    work()
    runs++
    elapsed = performance.now() - start
  }
  return (runs / elapsed) * 1000
}

function measure(label: string, work: () => void, other?: { label: string; work: () => void }): void {
  rate(work, 300)
  if (other) rate(other.work, 300)
  const ours: number[] = []
  const theirs: number[] = []
  const ratios: number[] = []
  for (let block = 0; block < BLOCKS; block++) {
    const first = block % 2 === 0
    let b = 0
    if (other && !first) b = rate(other.work, BLOCK_MS)
    const a = rate(work, BLOCK_MS)
    if (other && first) b = rate(other.work, BLOCK_MS)
    ours.push(a)
    if (other) {
      theirs.push(b)
      ratios.push(a / b)
    }
  }
  const line = `${label.padEnd(52)} ${median(ours).toFixed(1).padStart(9)} /s`
  console.log(
    other
      ? `${line}   ${other.label} ${median(theirs).toFixed(1).padStart(9)} /s   ratio ×${median(ratios).toFixed(3)} (${Math.min(...ratios).toFixed(3)}–${Math.max(...ratios).toFixed(3)})`
      : line,
  )
}

const prices = history()
const now = prices.times[DAYS]!
const ref = process.env.BENCH_CALIBRATION_BASELINE ?? 'fb485f8'
const baseline = await loadBaseline(ref)
const calibrate = () => calibrateRiskParameters({ history: prices, base, now })
const book = [
  spot('WETH', 10, { chainId: 1 }),
  supply('WBTC', 0.5, { chainId: 42161 }),
  spot('USDC', 20_000, { decimals: 6 }),
  debt('USDC', 15_000, { decimals: 6 }),
  perp('ETH', -12, 2950, { chainId: 42161 }),
]
const margin = () =>
  computeMargin({
    positions: book,
    prices: PRICES,
    volatilities: VOLATILITIES,
    now: NOW,
    liquidationPrices: false,
  })

console.log(
  `xmargin calibration benchmark — node ${process.version}, ${DAYS} days × ${FACTORS} factors (+ 4 static), ` +
    `${BLOCKS} blocks of ${BLOCK_MS} ms, alternating order, medians${globalThis.gc ? '' : ' (no --expose-gc)'}`,
)
const result = calibrate()
console.log(
  `  calibration ${result.id.slice(0, 12)}: correlation repaired ${result.correlationRepair.repaired}, ` +
    `F00 scan ${result.parameters.factors.F00!.scan.toFixed(4)}, F09 scan ${result.parameters.factors.F09!.scan.toFixed(4)}`,
)
if (baseline) {
  const same =
    contentHash(baseline({ history: prices, base, now }).parameters) === contentHash(result.parameters)
  console.log(`  baseline ${ref}: ${same ? 'same risk parameters' : 'DIFFERENT risk parameters'}`)
  measure('calibrateRiskParameters', calibrate, {
    label: `at ${ref}`,
    work: () => baseline({ history: prices, base, now }),
  })
}
measure('calibrateRiskParameters', calibrate, { label: 'portfolio report', work: margin })
const { returns } = logReturns({ history: prices, periodSeconds: 86_400 })
measure('  of which EWMA covariances (365 × 10×10)', () => ewmaCovariances({ returns, lambda: 0.94 }))
const broken = names.map((_, i) => names.map((__, j) => (i === j ? 1 : i + j === 9 ? -0.9 : 0.9)))
measure('  nearestCorrelation of a non-PSD 10×10', () => nearestCorrelation({ matrix: broken }))

// Backtest of one wallet over a year: a leveraged ETH/BTC book held over 365 daily P&Ls, margined
// with static parameters, then recalibrated every day on a rolling 90-day window.
const year = seededHistory({
  seed: 14,
  regimes: [
    { days: 250, vol: 0.025 },
    { days: 10, vol: 0.09, drift: -0.05 },
    { days: 195, vol: 0.04, drift: 0.005 },
  ],
})
const wallet = [
  spot('WETH', 10, { chainId: 1 }),
  supply('WBTC', 0.5, { chainId: 42161 }),
  debt('USDC', 40_000, { decimals: 6 }),
]
const backtest = (kind: 'static' | 'dynamic') =>
  backtestBook({
    positions: wallet,
    prices: PRICES,
    history: year,
    confidence: 0.99,
    margin: 'maintenance',
    days: 365,
    parameters:
      kind === 'static'
        ? { kind, params: defaultRiskParameters }
        : { kind, base: defaultRiskParameters, lookback: 90 },
  })
for (const kind of ['static', 'dynamic'] as const) {
  const result = backtest(kind)
  console.log(
    `  backtest ${kind}: ${result.exceptions} exceptions in ${result.observations} days at 99% (MM), ` +
      `${result.trafficLight.zone}, Kupiec p ${result.kupiec.pValue.toFixed(3)}`,
  )
}
measure('backtestBook dynamic, 365 days (365 calibrations)', () => backtest('dynamic'), {
  label: 'static',
  work: () => backtest('static'),
})
