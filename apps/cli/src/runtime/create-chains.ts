import { type ApiChain, apiChainFromSpec } from '@xmargin/api'
import type { ChainSettings } from '@xmargin/config'
import type { ChainSpec } from '@xmargin/core'
import { type BoundIndexerChain, indexerChainsFromSettings } from '@xmargin/indexer'
import type { Logger } from 'pino'

/** Parameters of {@link createChains}. */
export type CreateChainsParameters = {
  /** The chains' specs: a config's (`configChainSpecs`) or the devnet's. */
  chains: readonly ChainSpec[]
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
  indexerChains: BoundIndexerChain[]
  apiChains: ApiChain[]
}

/**
 * The indexer's chains (`indexerChainsFromSettings`: clients, adapters, head watchers; reads the
 * venues, so it needs the RPCs) and the API's view of each chain (`apiChainsFromSpecs`, no RPC).
 *
 * @example
 * const { indexerChains, apiChains } = await createChains({ chains: manifest.chains, settings, local: true, logger })
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
 * const apiChains = apiChainsFromSpecs({ chains: configChainSpecs(config), settings: configChainSettings(config) })
 */
export function apiChainsFromSpecs(
  parameters: Pick<CreateChainsParameters, 'chains' | 'settings'>,
): ApiChain[] {
  const settingsOf = new Map(parameters.settings.map((s) => [s.chainId, s]))
  return parameters.chains.flatMap((spec) => {
    const settings = settingsOf.get(spec.chainId)
    return settings ? [apiChainFromSpec({ spec, maxLagSeconds: settings.maxLagSeconds })] : []
  })
}
