import { type Address, encodeAbiParameters, keccak256 } from 'viem'
import { defineVenueConfig } from '../venue-config.js'
import { checkAddresses, isConfigObject } from '../venue-config-check.js'

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
 * with their ids (and back: a spec's markets with their LLTVs as bigints). Each market's four
 * addresses are required and its LLTV is a bigint below 1e18.
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
  configData: (spec) => ({
    markets: (spec.morphoMarkets ?? []).map((m) => ({
      loanToken: m.loanToken,
      collateralToken: m.collateralToken,
      oracle: m.oracle,
      irm: m.irm,
      lltv: BigInt(m.lltv),
    })),
  }),
  validate: (morpho, { at, issue }) => {
    if (!isConfigObject(morpho)) {
      issue(at, 'must be { morpho, markets }')
      return
    }
    checkAddresses({ value: morpho, at, keys: ['morpho'], issue })
    if (!Array.isArray(morpho.markets)) issue(`${at}.markets`, 'must be a list of markets')
    else
      morpho.markets.forEach((m: unknown, i) => {
        const path = `${at}.markets[${i}]`
        if (!isConfigObject(m)) {
          issue(path, 'must be { loanToken, collateralToken, oracle, irm, lltv }')
          return
        }
        checkAddresses({ value: m, at: path, keys: ['loanToken', 'collateralToken', 'oracle', 'irm'], issue })
        if (typeof m.lltv !== 'bigint' || m.lltv <= 0n || m.lltv >= 10n ** 18n)
          issue(`${path}.lltv`, 'must be a bigint below 1e18 (e.g. 860000000000000000n)')
      })
  },
  describe: (config) => `morpho-blue (${config.markets.length} markets)`,
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
