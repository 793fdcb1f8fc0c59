import { type ChainSpec, nativeCurrencyOf } from '@xmargin/core'
import { type Chain, defineChain } from 'viem'
import { ChainConfigError } from '../errors/adapter-errors.js'

/** Return type of {@link viemChainsOf}: at least one chain, as `createChainsConfig` wants. */
export type ViemChainsOfReturnType = readonly [Chain, ...Chain[]]

/**
 * viem chain definitions for chain specs (ids, names and native coins as the specs say, the spec's
 * RPC URL and Multicall3), to pass to `createChainsConfig`. No chains is a `ChainConfigError`.
 *
 * @example
 * const config = createChainsConfig({ chains: viemChainsOf(specs), rpcUrls: rpcUrlsOf(specs), local: true })
 */
export function viemChainsOf(chains: readonly ChainSpec[]): ViemChainsOfReturnType {
  const defined = chains.map((chain) => {
    const native = nativeCurrencyOf(chain)
    return defineChain({
      id: chain.chainId,
      name: chain.name,
      nativeCurrency: { name: native.symbol, symbol: native.symbol, decimals: native.decimals },
      rpcUrls: { default: { http: [chain.rpcUrl] } },
      contracts: { multicall3: { address: chain.contracts.multicall3 } },
    })
  })
  const [first, ...rest] = defined
  if (!first) throw new ChainConfigError('No chain specs to define viem chains for.')
  return [first, ...rest]
}

/**
 * Each chain spec's RPC URL, keyed by chain id, for `createChainsConfig`.
 *
 * @example
 * rpcUrlsOf(specs) // { 1: ['http://127.0.0.1:8545'], … }
 */
export function rpcUrlsOf(chains: readonly ChainSpec[]): Record<number, readonly [string, ...string[]]> {
  return Object.fromEntries(chains.map((chain) => [chain.chainId, [chain.rpcUrl] as const]))
}
