import type { Address } from 'viem'
import { readContract } from 'viem/actions'
import { ChainConfigError } from '../../errors/adapter-errors.js'
import { lower } from '../position-id.js'
import { defineVenue, requireAsset } from '../venue-definition.js'
import { perpExchangeAbi, perpMarketRegistryAbi, perpVaultAbi } from './perp-abis.js'
import { perpAdapter } from './perp-adapter.js'
import { perpV2Config } from './perp-config.js'
import type { PerpVenue } from './perp-venue.js'

/**
 * Perp v2 where the spec has its clearing house, vault, account balance, exchange and markets (only
 * some of them is a `ChainConfigError`); the settlement token read from the vault, and required
 * among the chain's tokens. A market's virtual pool, where the spec names one, must be the one the
 * exchange's `MarketRegistry` lists for its base token (else a `ChainConfigError`): the indexer
 * stores that pool's state and liquidations close through it.
 *
 * @example
 * const venue = await perpDefinition.fromSpec({ spec, assets, client: () => client })
 */
export const perpDefinition = defineVenue({
  key: 'perp',
  adapter: perpAdapter,
  config: perpV2Config,
  fromSpec: async ({ spec, assets, client }): Promise<PerpVenue | undefined> => {
    const { perpClearingHouse, perpVault, perpAccountBalance, perpExchange } = spec.contracts
    const perpMarkets = spec.venues?.perp?.markets
    const parts = { perpClearingHouse, perpVault, perpAccountBalance, perpExchange, perpMarkets }
    const missing = Object.keys(parts).filter((k) => !parts[k as keyof typeof parts])
    if (missing.length === Object.keys(parts).length) return undefined
    if (!perpClearingHouse || !perpVault || !perpAccountBalance || !perpExchange || !perpMarkets)
      throw new ChainConfigError(`Chain ${spec.chainId} has Perp v2 without ${missing.join(', ')}.`)
    const settlementToken = await readContract(client(), {
      address: perpVault,
      abi: perpVaultAbi,
      functionName: 'getSettlementToken',
    })
    requireAsset(assets, settlementToken, `Perp v2's settlement token`, spec.chainId)
    const named = Object.entries(perpMarkets).filter(([, m]) => m.pool !== undefined)
    if (named.length > 0) {
      const registry = await readContract(client(), {
        address: perpExchange,
        abi: perpExchangeAbi,
        functionName: 'getMarketRegistry',
      })
      for (const [symbol, m] of named) {
        const pool = await readContract(client(), {
          address: registry,
          abi: perpMarketRegistryAbi,
          functionName: 'getPool',
          args: [m.baseToken],
        })
        if (lower(pool) !== lower(m.pool as Address))
          throw new ChainConfigError(
            `Chain ${spec.chainId}: Perp v2's ${symbol} market names pool ${m.pool}, but its MarketRegistry lists ${pool}.`,
          )
      }
    }
    return {
      clearingHouse: lower(perpClearingHouse),
      vault: lower(perpVault),
      accountBalance: lower(perpAccountBalance),
      exchange: lower(perpExchange),
      settlementToken: lower(settlementToken),
      markets: Object.entries(perpMarkets).map(([symbol, m]) => ({
        symbol,
        baseToken: lower(m.baseToken),
        ...(m.pool === undefined ? {} : { pool: lower(m.pool) }),
      })),
    }
  },
})
