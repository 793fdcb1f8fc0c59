import { ChainSelectionError } from './errors.js'

/** Parameters of {@link selectChains}. */
export type SelectChainsParameters<chain extends { chainId: number; name: string }> = {
  /** The config's chains. */
  chains: readonly chain[]
  /** `--chains` as given on the command line (`'1,42161'`); undefined keeps every chain. */
  selection: string | undefined
}
/** Return type of {@link selectChains}: the selected chains, in config order. */
export type SelectChainsReturnType<chain> = chain[]

/**
 * The config's chains that a `--chains 1,42161` selection names, in config order (every chain
 * without a selection). `xmargin start --role indexer`, `xmargin index` and the `xmargin-indexer`
 * daemon all select their chains with it. Throws `ChainSelectionError` (a usage error) for a part
 * that is not a chain id, or for ids the config does not describe, naming the configured chains.
 *
 * @example
 * selectChains({ chains: config.chains, selection: '42161, 1' }) // [ethereum (1), arbitrum (42161)]
 * selectChains({ chains: config.chains, selection: '10' }) // throws: --chains 10: not a chain of the config (configured: 1 ethereum, …)
 */
export function selectChains<chain extends { chainId: number; name: string }>(
  parameters: SelectChainsParameters<chain>,
): SelectChainsReturnType<chain> {
  const { chains, selection } = parameters
  if (selection === undefined) return [...chains]
  const configured = chains.map(({ chainId, name }) => ({ chainId, name }))
  const ids = selection.split(',').map((part) => {
    const text = part.trim()
    const id = Number(text)
    if (text === '' || !/^\d+$/.test(text) || !Number.isSafeInteger(id) || id <= 0)
      throw new ChainSelectionError({ selection, notAnId: text, unknown: [], configured })
    return id
  })
  const unknown = [...new Set(ids.filter((id) => !chains.some((c) => c.chainId === id)))]
  if (unknown.length > 0) throw new ChainSelectionError({ selection, unknown, configured })
  return chains.filter((c) => ids.includes(c.chainId))
}
