import { describe, expect, it } from 'vitest'
import { HISTORY_CORRELATION, historyRegimes, seededPricePaths } from './price-paths.js'

const logReturns = (path: number[]) => path.slice(1).map((p, i) => Math.log(p / path[i]!))
function correlation(a: number[], b: number[]) {
  const mean = (x: number[]) => x.reduce((s, v) => s + v, 0) / x.length
  const ma = mean(a)
  const mb = mean(b)
  let ab = 0
  let aa = 0
  let bb = 0
  for (let i = 0; i < a.length; i++) {
    ab += (a[i]! - ma) * (b[i]! - mb)
    aa += (a[i]! - ma) ** 2
    bb += (b[i]! - mb) ** 2
  }
  return ab / Math.sqrt(aa * bb)
}

describe('seededPricePaths()', () => {
  const paths = seededPricePaths({ days: 365, seed: 14 })

  it('is deterministic per seed and ends every path at today’s price (1)', () => {
    expect(seededPricePaths({ days: 365, seed: 14 })).toEqual(paths)
    expect(seededPricePaths({ days: 365, seed: 15 }).ETH).not.toEqual(paths.ETH)
    for (const path of Object.values(paths)) {
      expect(path).toHaveLength(365)
      expect(path.at(-1)).toBe(1)
      expect(path.every((p) => p > 0)).toBe(true)
    }
  })

  it('has a calm regime, a crash and a recovery, ETH and BTC correlated ~0.8, stables on their peg', () => {
    const { calm, crash } = historyRegimes(365)
    expect([calm, crash]).toEqual([219, 11])
    // A longer history keeps a crash of real length (3% of ten years would be 110 days).
    expect(historyRegimes(3650)).toEqual({ calm: 2190, crash: 11, recovery: 1449 })
    expect(historyRegimes(120).crash).toBe(4)
    const eth = logReturns(paths.ETH)
    const sd = (x: number[]) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length)
    const calmVol = sd(eth.slice(0, calm - 1))
    const crashMoves = eth.slice(calm - 1, calm - 1 + crash)
    expect(calmVol).toBeGreaterThan(0.02)
    expect(calmVol).toBeLessThan(0.03)
    expect(sd(crashMoves)).toBeGreaterThan(2.5 * calmVol)
    // The crash loses a third or more from its start.
    expect(paths.ETH[calm - 1 + crash]! / paths.ETH[calm - 1]!).toBeLessThan(0.67)
    const rho = correlation(eth, logReturns(paths.BTC))
    expect(Math.abs(rho - HISTORY_CORRELATION)).toBeLessThan(0.08)
    expect(Math.max(...paths.USD.map((p) => Math.abs(p - 1)))).toBeLessThan(0.002)
  })
})
