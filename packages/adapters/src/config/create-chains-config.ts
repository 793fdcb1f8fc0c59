import { type Config, createConfig } from '@wagmi/core'
import { type Chain, type Client, fallback, type HttpTransportConfig, http, type Transport } from 'viem'
import { ChainConfigError } from '../errors/adapter-errors.js'

/** At least one RPC URL; later ones are fallbacks tried in order when earlier ones fail. */
export type RpcUrls = readonly [string, ...string[]]

/** One entry per configured chain id: leaving a chain out is a type error. */
export type RpcUrlsByChain<chains extends readonly [Chain, ...Chain[]]> = {
  [id in chains[number]['id']]: RpcUrls
}

export type CreateChainsConfigParameters<chains extends readonly [Chain, ...Chain[]]> = {
  chains: chains
  rpcUrls: RpcUrlsByChain<chains>
  /** Options of every `http()` transport (timeout, retryCount, onFetchRequest to count requests…). */
  http?: HttpTransportConfig | undefined
  /**
   * Builds one URL's transport instead of `http(url, http)`: e.g. an `http()` wrapped by a
   * per-URL rate limiter. The URLs of a chain are still tried in order through `fallback`.
   */
  transport?: ((url: string, chainId: number) => Transport) | undefined
  /**
   * Local chains (anvil): no response cache (`cacheTime: 0`) and 100 ms polling, so a block mined
   * by a test is seen at once. Default false (viem's 4 s cache).
   */
  local?: boolean | undefined
}

export type CreateChainsConfigReturnType<chains extends readonly [Chain, ...Chain[]]> = Config<
  chains,
  Record<chains[number]['id'], Transport>
>

/**
 * The one typed chains + transports config of xmargin, built with `@wagmi/core`'s `createConfig`:
 * each chain gets a viem `fallback` over `http()` transports of its RPC URLs. A chain without RPC
 * URLs does not type-check.
 *
 * @example
 * const config = createChainsConfig({
 *   chains: [mainnet, arbitrum],
 *   rpcUrls: { [mainnet.id]: ['https://eth.a', 'https://eth.b'], [arbitrum.id]: ['https://arb.a'] },
 * })
 * const client = chainClient(config, 1)
 */
export function createChainsConfig<const chains extends readonly [Chain, ...Chain[]]>(
  parameters: CreateChainsConfigParameters<chains>,
): CreateChainsConfigReturnType<chains> {
  const { chains, rpcUrls, local = false } = parameters
  const byId: Record<number, RpcUrls> = rpcUrls
  const transports: Record<number, Transport> = {}
  for (const chain of chains) {
    const urls = byId[chain.id]
    if (!urls || urls.length === 0) throw new ChainConfigError(`Chain ${chain.id} has no RPC URL.`)
    transports[chain.id] = fallback(
      urls.map((url) => parameters.transport?.(url, chain.id) ?? http(url, parameters.http)),
      { retryCount: 0 },
    )
  }
  return createConfig({
    chains,
    transports: transports as Record<chains[number]['id'], Transport>,
    // Reads are batched by `executeReads`' explicit Multicall3 plans: wagmi's implicit multicall
    // batching (on by default) would wrap those in another aggregate3 and blur request counts.
    batch: { multicall: false },
    multiInjectedProviderDiscovery: false,
    storage: null,
    ssr: true,
    ...(local ? { cacheTime: 0, pollingInterval: 100 } : {}),
  })
}

/**
 * The viem client of one configured chain.
 *
 * @example
 * const client = chainClient(config, 42161)
 * await readSnapshot({ client, … })
 */
export function chainClient<chains extends readonly [Chain, ...Chain[]]>(
  config: CreateChainsConfigReturnType<chains>,
  chainId: chains[number]['id'],
): Client {
  return config.getClient({ chainId })
}
