import type { PerpMarketSpec } from '@xmargin/core'
import type { Address } from 'viem'
import { defineVenueConfig } from '../venue-config.js'
import { checkAddresses, isConfigObject } from '../venue-config-check.js'

/**
 * A Perpetual Protocol v2 market: its virtual base token (`vETH`, `vBTC`) and, optionally, its virtual
 * pool (`MarketRegistry.getPool(baseToken)`), as the chain spec holds them. With the pool, the indexer
 * stores its state and liquidations close through it; without, at the index price.
 */
export type PerpV2MarketConfig = PerpMarketSpec

/**
 * Perpetual Protocol v2 (Curie): the contracts the adapter reads (positions from the ClearingHouse,
 * AccountBalance and Exchange, collateral from the Vault, whose settlement token must be one of the
 * chain's `tokens`) and the markets, keyed by the asset their positions carry (`ETH`, `BTC`: a
 * risk-parameter asset). Every address is required.
 */
export type PerpV2Config = {
  clearingHouse: Address
  vault: Address
  accountBalance: Address
  exchange: Address
  /** At least one market. */
  markets: Readonly<Record<string, PerpV2MarketConfig>>
}

/**
 * Perp v2 in a config (`venues.perpV2`): its four contracts, and its markets as spec data (at
 * least one, each a risk-parameter asset with its base token and, optionally, its virtual pool).
 *
 * @example
 * perpV2Config.contracts.vault // 'perpVault'
 */
export const perpV2Config = defineVenueConfig<PerpV2Config>()({
  key: 'perpV2',
  contracts: {
    clearingHouse: 'perpClearingHouse',
    vault: 'perpVault',
    accountBalance: 'perpAccountBalance',
    exchange: 'perpExchange',
  },
  specData: (config) => ({ venues: { perp: { markets: config.markets } } }),
  configData: (spec) => ({
    markets: Object.fromEntries(
      Object.entries(spec.venues?.perp?.markets ?? {}).map(([symbol, m]) => [
        symbol,
        m.pool === undefined ? { baseToken: m.baseToken } : { baseToken: m.baseToken, pool: m.pool },
      ]),
    ),
  }),
  validate: (perp, { at, issue, asset }) => {
    if (!isConfigObject(perp)) {
      issue(at, 'must be { clearingHouse, vault, accountBalance, exchange, markets }')
      return
    }
    checkAddresses({ value: perp, at, keys: ['clearingHouse', 'vault', 'accountBalance', 'exchange'], issue })
    const markets = perp.markets
    if (!isConfigObject(markets) || Object.keys(markets).length === 0)
      issue(`${at}.markets`, "needs at least one market, e.g. { ETH: { baseToken: '0x…' } }")
    else
      for (const [name, market] of Object.entries(markets)) {
        asset(`${at}.markets.${name}`, name)
        if (!isConfigObject(market)) issue(`${at}.markets.${name}`, 'must be { baseToken, pool? }')
        else
          checkAddresses({
            value: market,
            at: `${at}.markets.${name}`,
            keys: ['baseToken', 'pool'],
            optional: ['pool'],
            issue,
          })
      }
  },
  describe: (config) => `perp-v2 (${Object.keys(config.markets).join(', ')})`,
})
