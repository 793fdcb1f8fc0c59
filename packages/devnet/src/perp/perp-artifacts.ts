import { loadPackageArtifact } from '../deploy/artifacts.js'
import type { ContractArtifact } from '../deploy/deploy-contract.js'

/** Perp v2 (Curie) contracts deployed here, all from `@perp/curie-contract@1.4.0` (solc 0.7.6, no links). */
export type CurieContractName =
  | 'ClearingHouse'
  | 'ClearingHouseConfig'
  | 'Vault'
  | 'AccountBalance'
  | 'Exchange'
  | 'OrderBook'
  | 'MarketRegistry'
  | 'InsuranceFund'
  | 'CollateralManager'
  | 'DelegateApproval'
  | 'QuoteToken'
  | 'BaseToken'

/**
 * Reads a Curie artifact shipped in `@perp/curie-contract`.
 *
 * @example
 * const clearingHouse = curieArtifact('ClearingHouse')
 */
export function curieArtifact(name: CurieContractName): ContractArtifact {
  return loadPackageArtifact(`@perp/curie-contract/artifacts/contracts/${name}.sol/${name}.json`)
}

/**
 * Reads Uniswap v3's factory or pool artifact from `@uniswap/v3-core@1.0.0` (the npm build of the
 * same v1.0.0 sources Curie was built against).
 *
 * @example
 * const factory = uniswapV3Artifact('UniswapV3Factory')
 */
export function uniswapV3Artifact(name: 'UniswapV3Factory' | 'UniswapV3Pool'): ContractArtifact {
  return loadPackageArtifact(`@uniswap/v3-core/artifacts/contracts/${name}.sol/${name}.json`)
}

/**
 * Perp's Chainlink adapter from `@perp/perp-oracle-contract@0.4.3`: `ChainlinkPriceFeed` reads an
 * AggregatorV3 (our `DevnetPriceFeed`) and computes the index TWAP from the aggregator's rounds.
 *
 * @example
 * const adapter = perpOracleArtifact('ChainlinkPriceFeed')
 */
export function perpOracleArtifact(name: 'ChainlinkPriceFeed'): ContractArtifact {
  return loadPackageArtifact(`@perp/perp-oracle-contract/artifacts/contracts/${name}.sol/${name}.json`)
}
