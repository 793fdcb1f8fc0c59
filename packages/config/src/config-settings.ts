import type { ChainSettings } from './chain-settings.js'
import type { ResolvedConfig } from './resolved-config.js'

/** Return type of {@link configChainSettings}. */
export type ConfigChainSettingsReturnType = ChainSettings[]

/**
 * The indexer settings of a config's chains.
 *
 * @example
 * const chains = await indexerChainsFromSettings({ chains: configChainSpecs(config), settings: configChainSettings(config) })
 */
export function configChainSettings(config: Pick<ResolvedConfig, 'chains'>): ConfigChainSettingsReturnType {
  return config.chains.map(({ tokens: _, multicall3: __, venues: ___, ...settings }) => settings)
}
