import { type Address, encodeAbiParameters, keccak256 } from 'viem'
import { defineVenueConfig } from '../venue-config.js'

/** A Morpho Blue market by its parameters (its id is `keccak256(abi.encode(params))`). */
export type MorphoMarketConfig = {
  loanToken: Address
  collateralToken: Address
  oracle: Address
  irm: Address
  /** Liquidation LTV, 18 decimals (e.g. `860000000000000000n` = 86%). */
  lltv: bigint
}

/** Morpho Blue: the singleton and the markets to read. */
export type MorphoBlueConfig = { morpho: Address; markets: readonly MorphoMarketConfig[] }

/**
 * Morpho Blue in a config (`venues.morphoBlue`): the singleton, and the markets as spec markets
 * with their ids.
 *
 * @example
 * morphoBlueConfig.specData?.(config).morphoMarkets?.[0]?.id // '0x…'
 */
export const morphoBlueConfig = defineVenueConfig<MorphoBlueConfig>()({
  key: 'morphoBlue',
  contracts: { morpho: 'morpho' },
  specData: (config) => ({
    morphoMarkets: config.markets.map((m) => ({
      id: morphoMarketId(m),
      loanToken: m.loanToken,
      collateralToken: m.collateralToken,
      oracle: m.oracle,
      irm: m.irm,
      lltv: m.lltv.toString(),
    })),
  }),
})

/** Morpho Blue's market id: `keccak256(abi.encode(loanToken, collateralToken, oracle, irm, lltv))`. */
function morphoMarketId(m: MorphoMarketConfig) {
  return keccak256(
    encodeAbiParameters(
      [
        { type: 'address' },
        { type: 'address' },
        { type: 'address' },
        { type: 'address' },
        { type: 'uint256' },
      ],
      [m.loanToken, m.collateralToken, m.oracle, m.irm, m.lltv],
    ),
  )
}
