import type { AdaptersManifest } from '@xmargin/adapters'
import { type ApiChain, apiChainFromSpec } from '@xmargin/api'
import type { ChainSettings } from '@xmargin/config'
import { indexerChainsFromSettings, type ManifestIndexerChain } from '@xmargin/indexer'
import type { Logger } from 'pino'

/** Parameters of {@link createChains}. */
export type CreateChainsParameters = {
  manifest: AdaptersManifest
  settings: readonly ChainSettings[]
  /** Local chains (anvil): no response cache. */
  local?: boolean | undefined
  /**
   * Where head-subscription errors go (warn, `chain_id` and `err`; the poll keeps the chain indexed).
   * Without one they are dropped.
   */
  logger?: Logger | undefined
}
/** Return type of {@link createChains}. */
export type CreateChainsReturnType = {
  indexerChains: ManifestIndexerChain[]
  apiChains: ApiChain[]
}

/**
 * The indexer's chains (`indexerChainsFromSettings`: clients, adapters, head watchers; reads the
 * venues, so it needs the RPCs) and the API's view of each chain (`apiChainsFromSpecs`, no RPC).
 *
 * @example
 * const { indexerChains, apiChains } = await createChains({ manifest, settings, local: true, logger })
 */
export async function createChains(parameters: CreateChainsParameters): Promise<CreateChainsReturnType> {
  const indexerChains = await indexerChainsFromSettings(parameters)
  return { indexerChains, apiChains: apiChainsFromSpecs(parameters) }
}

/**
 * The API's view of every chain that has settings, from the chain specs and the settings alone:
 * what a reader of the database needs (`margin`, `stress`, `serve`), with every chain down.
 *
 * @example
 * const apiChains = apiChainsFromSpecs({ manifest: configManifest(config), settings: configChainSettings(config) })
 */
export function apiChainsFromSpecs(
  parameters: Pick<CreateChainsParameters, 'manifest' | 'settings'>,
): ApiChain[] {
  const settingsOf = new Map(parameters.settings.map((s) => [s.chainId, s]))
  return parameters.manifest.chains.flatMap((spec) => {
    const settings = settingsOf.get(spec.chainId)
    return settings ? [apiChainFromSpec({ spec, maxLagSeconds: settings.maxLagSeconds })] : []
  })
}
