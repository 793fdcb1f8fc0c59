/**
 * Where a report's time goes, per benchmark case: the whole `computeMargin`, then its parts timed
 * alone on the same prepared book — preparation, the model (book laid out, options priced over
 * their scenario points, whole book margined), the joint scenario scan inside it, the isolated
 * buckets, the unified liquidation price search, and the venue lines (each venue's own rule, with
 * its own liquidation prices when the case asks for them). Single thread, no timed assertions.
 * Run: pnpm --filter @xmargin/engine bench:costs
 *
 * Each figure is the 10th percentile of 200 timed slices of ~2 ms (after warm-up): on a shared
 * machine the low percentile is the least disturbed estimate of the time itself. The parts do not
 * add up exactly to the whole (the report also assembles its objects and statuses).
 */
import { defaultRiskParameters } from '@xmargin/core'
import type { PreparedBook } from '../src/book.js'
import { computeMargin } from '../src/compute-margin.js'
import { isolatedFigures } from '../src/isolated.js'
import { basisLiquidationPrices, liquidationPrices } from '../src/liquidation-prices.js'
import { createEvaluator } from '../src/models/evaluator.js'
import { models } from '../src/models/index.js'
import { createPortfolioKernel } from '../src/portfolio-kernel.js'
import { evaluatePortfolio, portfolioScratch } from '../src/portfolio-margin.js'
import { prepareInputs } from '../src/prepare-inputs.js'
import { worstJointScenario } from '../src/scenario-list.js'
import { venueLines } from '../src/venues/venue-lines.js'
import { cases } from './books.js'

const SLICES = Number(process.env.BENCH_SLICES ?? 200)

/** Microseconds per call: the 10th percentile over slices of ~2 ms. */
function micros(work: () => unknown): number {
  const time = (calls: number) => {
    const start = performance.now()
    for (let i = 0; i < calls; i++) work()
    return (performance.now() - start) / calls
  }
  let calls = 1
  while (time(calls) * calls < 2) calls *= 2
  for (let i = 0; i < 100; i++) time(calls)
  const slices: number[] = []
  for (let i = 0; i < SLICES; i++) slices.push(time(calls))
  slices.sort((a, b) => a - b)
  return slices[Math.floor(SLICES / 10)]! * 1000
}

const spotOf = (book: PreparedBook) => (f: number) => {
  const first = book.positions.find((p) => p.factor === f)!
  return { asset: first.position.asset, spot: first.price }
}

// Warm-up of every case first: the first second or so of a process runs slow (compilation, the
// loader's worker), which a per-figure warm-up alone does not cover.
const warmUpEnd = performance.now() + Number(process.env.BENCH_WARMUP_MS ?? 2000)
while (performance.now() < warmUpEnd) for (const { parameters } of cases) computeMargin(parameters)

console.log(
  `xmargin engine: where a report's time goes — node ${process.version}, single thread, µs per call (p10)`,
)
for (const { name, label, parameters } of cases.filter((c) => c.parameters.model === undefined)) {
  const params = parameters.params ?? defaultRiskParameters
  const prepare = () =>
    prepareInputs({
      positions: parameters.positions,
      prices: parameters.prices,
      volatilities: parameters.volatilities,
      params,
      now: parameters.now,
    })
  const book = prepare().book
  const evaluator = createEvaluator(models.portfolio, book)
  const kernel = createPortfolioKernel(book)
  const scratch = portfolioScratch(kernel)
  evaluatePortfolio(kernel, kernel.base, kernel.all, scratch)
  const rows = scratch.rows.slice()
  const present = scratch.present.slice()
  const search = parameters.liquidationPrices !== false
  const listed = kernel.withOptions ? kernel.list.scenarios.length : kernel.list.linearCount
  const total = micros(() => computeMargin(parameters))
  const model = micros(() => createEvaluator(models.portfolio, book))
  const parts: [string, number][] = [
    ['prepare inputs', micros(prepare)],
    ['model (lay out, price options, margin the book)', model],
    [
      `  of which the joint scan (${listed} scenarios × ${book.factors.length} factors)`,
      micros(() => worstJointScenario(kernel.list, present, 0, rows, 0, kernel.withOptions)),
    ],
    ['isolated buckets', micros(() => isolatedFigures(book, evaluator))],
  ]
  if (search) {
    const solve = () => {
      // A new evaluator per call: the search's surplus functions start from the unmoved book.
      const fresh = createEvaluator(models.portfolio, book)
      liquidationPrices(book, (f) => fresh.surplus(f), spotOf(book))
      basisLiquidationPrices(book, (asset, f) => fresh.assetSurplus!(f, asset))
    }
    parts.push(['liquidation prices (unified search)', micros(solve) - model])
  }
  parts.push([
    `venue lines${search ? ' (with their liquidation prices)' : ''}`,
    micros(() => venueLines({ book, spotOf: spotOf(book), liquidationPrices: search })),
  ])
  console.log(
    `\n${label} [${name}]: ${total.toFixed(2)} µs per report (${Math.round(1e6 / total).toLocaleString('en-US')}/s)`,
  )
  for (const [part, us] of parts)
    console.log(
      `  ${part.padEnd(62)} ${us.toFixed(2).padStart(9)} µs  ${((100 * us) / total).toFixed(0).padStart(3)}%`,
    )
}
