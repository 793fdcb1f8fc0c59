import type { AaveEModeInput, AaveReserveInput } from '../aave/deploy-aave.js'
import { aaveRiskPresets, ethCorrelatedEMode } from '../aave/reserve-presets.js'
import type { DeployedToken } from './deploy-tokens.js'

/** The devnet's Aave eMode categories: "ETH correlated" (WETH, wstETH). */
export const aaveEModes: AaveEModeInput[] = [ethCorrelatedEMode]

/**
 * The reserve list for a chain's Aave market: every deployed token with a risk preset
 * (`aaveRiskPresets`, close to Aave v3 Ethereum's parameters and rate curves).
 *
 * @example
 * const reserves = aaveReservesFor(tokens)
 */
export function aaveReservesFor(tokens: readonly DeployedToken[]): AaveReserveInput[] {
  return tokens.flatMap((token) => {
    const preset = aaveRiskPresets[token.symbol as keyof typeof aaveRiskPresets]
    if (!preset) return []
    return [
      { symbol: token.symbol, token: token.address, decimals: token.decimals, feed: token.feed, ...preset },
    ]
  })
}
