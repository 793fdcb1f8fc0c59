import { standardNormals } from '@xmargin/engine'

/** The seeded paths: one per history factor of `devnetTokens`. */
export type HistoryFactor = 'ETH' | 'BTC' | 'USD'

/** Parameters of {@link seededPricePaths}. */
export type SeededPricePathsParameters = {
  /** Daily closes to generate (the history's length). */
  days: number
  /** Seed of the normal draws (same seed, same paths). */
  seed: number
}

/** Per factor, `days` daily closes as multiples of today's price (oldest first; today's is 1). */
export type SeededPricePathsReturnType = Record<HistoryFactor, number[]>

/** ETH–BTC correlation of the seeded daily returns. */
export const HISTORY_CORRELATION = 0.8

/**
 * The log return a seeded crash opens with, on top of its first day's draw (ETH; BTC 0.8× it): −0.2,
 * −18%. Real crypto crashes open with their largest day (ETH −43% on 12 March 2020, −27% on 19 May
 * 2021, −16% on 13 June 2022; BTC −39%, −14%, −15%). Without it, a crash of Gaussian days could have
 * −10% as its largest fall (seed 14 of 615 days), milder than any of them.
 */
export const CRASH_OPENING_JUMP = -0.2

/** Longest seeded crash in days: real crypto crashes last one to two weeks (ETH: March 2020, May 2021, June 2022). */
export const MAX_CRASH_DAYS = 11

/**
 * The three regimes of a seeded history: calm (ETH 2.5% a day) for 60% of its days, a crash (ETH 9%
 * a day, −5% drift, opening with {@link CRASH_OPENING_JUMP}) of 3% of its days, at least 3 and at most {@link MAX_CRASH_DAYS} (a year's
 * history has the longest; a longer history does not stretch it: 3% of 10 years at −5% a day would
 * take ETH to 0.4% of its price), and a recovery (4% a day, +0.5% drift) for the rest. BTC moves
 * 0.8× ETH's vol with correlation 0.8; USD stables wiggle 0.02% a day around their peg.
 */
export function historyRegimes(days: number): { calm: number; crash: number; recovery: number } {
  const calm = Math.floor(days * 0.6)
  const crash = Math.min(days - calm, MAX_CRASH_DAYS, Math.max(3, Math.round(days * 0.03)))
  return { calm, crash, recovery: days - calm - crash }
}

/**
 * Deterministic daily price paths for the devnet's history (`pnpm devnet --history-days N`):
 * geometric random walks through the regimes of {@link historyRegimes}, scaled so that each ends at
 * today's price. Only relative moves are generated: the feeds multiply them by their current answer.
 *
 * @example
 * const paths = seededPricePaths({ days: 365, seed: 14 })
 * paths.ETH.length // 365; paths.ETH[364] === 1
 */
export function seededPricePaths(parameters: SeededPricePathsParameters): SeededPricePathsReturnType {
  const { days, seed } = parameters
  const regimes = historyRegimes(days)
  const z = standardNormals({ seed, count: 3 * days })
  const rho = HISTORY_CORRELATION
  const logs = { ETH: [0], BTC: [0], USD: [0] }
  for (let t = 1; t < days; t++) {
    const inCrash = t >= regimes.calm && t < regimes.calm + regimes.crash
    const inRecovery = t >= regimes.calm + regimes.crash
    const vol = inCrash ? 0.09 : inRecovery ? 0.04 : 0.025
    const drift = (inCrash ? -0.05 : inRecovery ? 0.005 : 0) + (t === regimes.calm ? CRASH_OPENING_JUMP : 0)
    const z1 = z[3 * t]!
    const z2 = rho * z1 + Math.sqrt(1 - rho * rho) * z[3 * t + 1]!
    logs.ETH.push(logs.ETH[t - 1]! + drift + vol * z1)
    logs.BTC.push(logs.BTC[t - 1]! + 0.8 * drift + 0.8 * vol * z2)
    // Stables: mean-reverting around the peg (today's price), not a random walk.
    logs.USD.push(0.0002 * z[3 * t + 2]!)
  }
  const scale = (series: number[]) => series.map((x) => Math.exp(x - series[series.length - 1]!))
  return { ETH: scale(logs.ETH), BTC: scale(logs.BTC), USD: scale(logs.USD) }
}
