import { InvalidArgumentError } from 'commander'
import { CliError, exitCodes } from '../errors.js'

/** The roles `xmargin start --role` runs: the indexer alone or the API alone (none: both in one process). */
export const roles = ['indexer', 'api'] as const
/** One of {@link roles}. */
export type Role = (typeof roles)[number]

/**
 * A comma-separated list of chain ids from the command line: `1,42161`.
 *
 * @example
 * parseChainIds('1, 42161') // [1, 42161]
 */
export function parseChainIds(value: string): number[] {
  const ids = value.split(',').map((part) => {
    const text = part.trim()
    const id = Number(text)
    if (text === '' || !Number.isSafeInteger(id) || id <= 0)
      throw new InvalidArgumentError(`${value}: "${text}" is not a chain id (give ids like 1,42161).`)
    return id
  })
  return [...new Set(ids)]
}

/** Parameters of {@link selectChains}. */
export type SelectChainsParameters<chain extends { chainId: number; name: string }> = {
  /** The config's chains. */
  chains: readonly chain[]
  /** `--chains`: ids to keep; undefined keeps every chain. */
  chainIds: readonly number[] | undefined
}

/**
 * The config's chains that `--chains` names, in config order (every chain without `--chains`). An id
 * the config does not describe is a usage error (exit 2) naming the configured ones.
 *
 * @example
 * selectChains({ chains: config.chains, chainIds: [42161] }) // [the arbitrum chain]
 */
export function selectChains<chain extends { chainId: number; name: string }>(
  parameters: SelectChainsParameters<chain>,
): chain[] {
  const { chains, chainIds } = parameters
  if (chainIds === undefined) return [...chains]
  const unknown = chainIds.filter((id) => !chains.some((c) => c.chainId === id))
  if (unknown.length > 0)
    throw new CliError(
      `--chains ${unknown.join(',')}: not a chain of the config (configured: ${chains.map((c) => `${c.chainId} ${c.name}`).join(', ')}).`,
      { exitCode: exitCodes.usage },
    )
  return chains.filter((c) => chainIds.includes(c.chainId))
}
