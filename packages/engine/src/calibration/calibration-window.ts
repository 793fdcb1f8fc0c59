/**
 * The default look-back of a dynamic calibration, in daily closes: 365, because EMIR RTS 153/2013
 * art. 25(1) asks a CCP's margin look-back for at least the latest 12 months.
 *
 * Why not shorter: a short window reacts faster to a crash, but it also margins a calm market at its
 * calm volatility. On the devnet's seeded crash (packages/devnet `seeded-crash` test,
 * `bench:seeded-crash`), neither 90 nor 365 closes gives dynamic parameters fewer backtest
 * exceptions than the static ones on every seed: with 90, dynamic has more in total over 30 seeds;
 * with 365, fewer in total but not on every seed (seed 14: one more against MM). No window wins on
 * backtests alone, so the regulatory minimum decides. A history shorter than the window is never
 * calibrated on fewer closes (the API answers `INSUFFICIENT_HISTORY`).
 *
 * @example
 * emirLookbackObservations // 365
 */
export const emirLookbackObservations = 365

/**
 * Days of a backtest by default: Basel's 250 observations, the only length its traffic-light plus
 * factors are defined for (`baselTrafficLight`). A dynamic backtest of these days at the default
 * window needs `emirLookbackObservations + baselBacktestObservations` (615) daily closes.
 *
 * @example
 * baselBacktestObservations // 250
 */
export const baselBacktestObservations = 250
