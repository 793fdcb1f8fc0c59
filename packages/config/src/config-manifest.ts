import type { AdaptersManifest } from '@xmargin/adapters'
import { encodeAbiParameters, keccak256 } from 'viem'
import type { ResolvedConfig } from './resolved-config.js'

/** Return type of {@link configManifest}. */
export type ConfigManifestReturnType = AdaptersManifest

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
      contracts: {
        multicall3: chain.multicall3,
        ...(chain.aaveV3 ? { aavePool: chain.aaveV3.pool, aaveOracle: chain.aaveV3.oracle } : {}),
        ...(chain.morphoBlue ? { morpho: chain.morphoBlue.morpho } : {}),
        ...(chain.perpV2
          ? {
              perpClearingHouse: chain.perpV2.clearingHouse,
              perpVault: chain.perpV2.vault,
              perpAccountBalance: chain.perpV2.accountBalance,
              perpExchange: chain.perpV2.exchange,
            }
          : {}),
        ...(chain.options ? { optionsVenue: chain.options.venue } : {}),
      },
      tokens: chain.tokens,
      venues: {
        ...(chain.perpV2 ? { perp: { markets: chain.perpV2.markets } } : {}),
        ...(chain.options ? { options: { underlyings: chain.options.underlyings } } : {}),
      },
      morphoMarkets: (chain.morphoBlue?.markets ?? []).map((m) => ({
        id: morphoMarketId(m),
        loanToken: m.loanToken,
        collateralToken: m.collateralToken,
        oracle: m.oracle,
        irm: m.irm,
        lltv: m.lltv.toString(),
      })),
    })),
  }
}

/** Morpho Blue's market id: `keccak256(abi.encode(loanToken, collateralToken, oracle, irm, lltv))`. */
function morphoMarketId(m: {
  loanToken: `0x${string}`
  collateralToken: `0x${string}`
  oracle: `0x${string}`
  irm: `0x${string}`
  lltv: bigint
}) {
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
