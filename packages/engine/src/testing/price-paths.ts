import type { PriceHistory } from '../calibration/price-history.js'
import { standardNormals } from '../prng.js'

/** One regime of a seeded path: `days` days of daily log-vol `vol` and drift `drift` per day. */
export type Regime = { days: number; vol: number; drift?: number }

/**
 * Test helper: two correlated factor paths (ETH, BTC) through regimes (calm, crash, recovery...),
 * daily, from a seed. BTC's shock is ρ·z_ETH + √(1 − ρ²)·z₂; BTC's vol is 0.8× ETH's.
 */
export function seededHistory(parameters: {
  seed: number
  regimes: readonly Regime[]
  correlation?: number
  start?: number
}): PriceHistory {
  const { seed, regimes } = parameters
  const rho = parameters.correlation ?? 0.8
  const days = regimes.reduce((sum, regime) => sum + regime.days, 0)
  const z = standardNormals({ seed, count: 2 * days })
  const eth = [2000]
  const btc = [40_000]
  let t = 0
  for (const regime of regimes) {
    for (let d = 0; d < regime.days; d++, t++) {
      const z1 = z[2 * t]!
      const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * z[2 * t + 1]!
      eth.push(eth[eth.length - 1]! * Math.exp((regime.drift ?? 0) + regime.vol * z1))
      btc.push(btc[btc.length - 1]! * Math.exp((regime.drift ?? 0) * 0.8 + 0.8 * regime.vol * z2))
    }
  }
  const start = parameters.start ?? 1_700_000_000 - (1_700_000_000 % 86_400)
  return { times: eth.map((_, i) => start + i * 86_400), prices: { BTC: btc, ETH: eth } }
}

/** The first `count` observations of a history (a calibration as of an earlier day). */
export function historyUntil(history: PriceHistory, count: number): PriceHistory {
  return {
    times: history.times.slice(0, count),
    prices: Object.fromEntries(Object.entries(history.prices).map(([f, p]) => [f, p.slice(0, count)])),
  }
}

/** The observations in [from, to) (a rolling look-back window). */
export function historyWindow(history: PriceHistory, from: number, to: number): PriceHistory {
  return {
    times: history.times.slice(from, to),
    prices: Object.fromEntries(Object.entries(history.prices).map(([f, p]) => [f, p.slice(from, to)])),
  }
}
