import type { AdaptersManifest } from '@xmargin/adapters'
import { type Address, encodeAbiParameters, keccak256 } from 'viem'
import type { MorphoMarketConfig, VenuesConfig } from './define-config.js'
import type { ResolvedChain, ResolvedConfig } from './resolved-config.js'

/** Return type of {@link configManifest}. */
export type ConfigManifestReturnType = AdaptersManifest

/**
 * Where each venue address of a config sits in a manifest's `contracts` (`perpV2.vault` →
 * `perpVault`): the one mapping between the two shapes, read both ways (`configManifest`, and
 * `xmargin init --from-devnet` from a devnet manifest).
 */
export const manifestContractKeys = {
  aaveV3: { pool: 'aavePool', oracle: 'aaveOracle', dataProvider: 'aaveDataProvider' },
  morphoBlue: { morpho: 'morpho' },
  perpV2: {
    clearingHouse: 'perpClearingHouse',
    vault: 'perpVault',
    accountBalance: 'perpAccountBalance',
    exchange: 'perpExchange',
  },
  options: { venue: 'optionsVenue' },
} as const satisfies {
  readonly [venue in keyof VenuesConfig]-?: {
    readonly [field in AddressField<NonNullable<VenuesConfig[venue]>>]-?: string
  }
}

/** The fields of a venue config that hold one address. */
type AddressField<venue> = {
  [field in keyof venue]-?: NonNullable<venue[field]> extends Address ? field : never
}[keyof venue]

/**
 * Describes a config's chains the way the adapters read a devnet manifest (contracts, tokens with
 * feeds, Morpho markets with their ids, Perp v2 markets and options underlyings), so real networks
 * and the devnet share one wiring path: `adaptersFromManifest` builds every venue of a config
 * exactly as it builds the devnet's.
 *
 * @example
 * const adapters = await adaptersFromManifest({ manifest: configManifest(config), clientOf })
 */
export function configManifest(config: Pick<ResolvedConfig, 'chains'>): ConfigManifestReturnType {
  return {
    chains: config.chains.map((chain) => ({
      chainId: chain.chainId,
      name: chain.name,
      rpcUrl: chain.rpcUrls[0],
      contracts: { multicall3: chain.multicall3, ...venueContracts(chain) },
      tokens: chain.tokens,
      morphoMarkets: (chain.morphoBlue?.markets ?? []).map((m) => ({
        id: morphoMarketId(m),
        loanToken: m.loanToken,
        collateralToken: m.collateralToken,
        oracle: m.oracle,
        irm: m.irm,
        lltv: m.lltv.toString(),
      })),
      venues: {
        ...(chain.perpV2 ? { perp: { markets: chain.perpV2.markets } } : {}),
        ...(chain.options
          ? {
              options: {
                underlyings: chain.options.underlyings,
                ...(chain.options.volatilityFeeds ? { volatilityFeeds: chain.options.volatilityFeeds } : {}),
              },
            }
          : {}),
      },
    })),
  }
}

/** The chain's venue addresses under their manifest keys ({@link manifestContractKeys}). */
function venueContracts(chain: ResolvedChain): Partial<Record<string, Address>> {
  const contracts: Partial<Record<string, Address>> = {}
  for (const venue of Object.keys(manifestContractKeys) as (keyof typeof manifestContractKeys)[]) {
    const config: Partial<Record<string, unknown>> | undefined = chain[venue]
    if (!config) continue
    for (const [field, key] of Object.entries(manifestContractKeys[venue])) {
      const address = config[field]
      if (typeof address === 'string') contracts[key] = address as Address
    }
  }
  return contracts
}

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
