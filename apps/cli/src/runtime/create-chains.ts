import type { AdaptersManifest } from '@xmargin/adapters'
import { type ApiChain, apiChainFromAdapters } from '@xmargin/api'
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
   * Without one they are dropped: only the report commands, which never follow heads, omit it.
   */
  logger?: Logger | undefined
}
/** Return type of {@link createChains}. */
export type CreateChainsReturnType = {
  indexerChains: ManifestIndexerChain[]
  apiChains: ApiChain[]
}

/**
 * The indexer's chains (`indexerChainsFromSettings`: clients, adapters, head watchers) and the
 * API's view of each chain, built from the same adapters.
 *
 * @example
 * const { indexerChains, apiChains } = await createChains({ manifest, settings, local: true, logger })
 */
export async function createChains(parameters: CreateChainsParameters): Promise<CreateChainsReturnType> {
  const indexerChains = await indexerChainsFromSettings(parameters)
  const apiChains = indexerChains.map((chain) =>
    apiChainFromAdapters({ adapters: chain.adapters, name: chain.name, maxLagSeconds: chain.maxLagSeconds }),
  )
  return { indexerChains, apiChains }
}
