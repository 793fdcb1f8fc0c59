/**
 * Profiling driver: runs one benchmark case in a loop for a few seconds, for `node --cpu-prof`.
 * Run (in packages/engine): node --import tsx --cpu-prof --cpu-prof-dir=/tmp/prof bench/profile.ts linear
 * Cases: the `name`s of `books.ts` (linear, linear-liq, options, options-liq, standard) and
 * `wallets` (the first 250 wallets of the batch). PROFILE_SECONDS sets the duration (default 5).
 */
import { computeMargin } from '../src/compute-margin.js'
import { base, cases, walletBooks } from './books.js'

const name = process.argv[2] ?? 'linear'
const seconds = Number(process.env.PROFILE_SECONDS ?? 5)

function workOf(caseName: string): () => number {
  if (caseName === 'wallets') {
    const wallets = walletBooks().slice(0, 250)
    return () => {
      for (const positions of wallets) computeMargin({ ...base, positions, liquidationPrices: false })
      return wallets.length
    }
  }
  const found = cases.find((c) => c.name === caseName)
  if (!found)
    throw new Error(`unknown case ${caseName}: ${[...cases.map((c) => c.name), 'wallets'].join(', ')}`)
  return () => {
    computeMargin(found.parameters)
    return 1
  }
}

const work = workOf(name)
const start = performance.now()
let units = 0
while (performance.now() - start < seconds * 1000) units += work()
const elapsed = performance.now() - start
console.log(`${name}: ${Math.round((units / elapsed) * 1000).toLocaleString('en-US')}/s over ${seconds} s`)
