import {
  type Account,
  type Chain,
  type Client,
  createTestClient,
  defineChain,
  http,
  type PublicActions,
  publicActions,
  type TestActions,
  type Transport,
  type WalletActions,
  walletActions,
} from 'viem'

import { privateKeyToAccount } from 'viem/accounts'

/** A viem client for one devnet chain with public, wallet and anvil test actions. */
export type DevnetClient = Client<Transport, Chain, Account> &
  PublicActions<Transport, Chain, Account> &
  WalletActions<Chain, Account> &
  TestActions

export type CreateDevnetClientParameters = {
  chainId: number
  rpcUrl: string
  /** Private key of the sending account (the deployer unless stated). */
  privateKey: `0x${string}`
  name?: string
}

/**
 * Builds the client every deploy and seed step takes. `cacheTime: 0` because viem otherwise
 * caches block numbers for seconds, which is wrong on a local chain that mines per transaction.
 * Gas estimates get half again as much (see `withGasMargin`).
 *
 * @example
 * const client = createDevnetClient({ chainId: 1, rpcUrl: 'http://127.0.0.1:8545', privateKey: DEPLOYER_KEY })
 */
export function createDevnetClient(parameters: CreateDevnetClientParameters): DevnetClient {
  const { chainId, rpcUrl, privateKey, name = `devnet-${chainId}` } = parameters
  const chain = defineChain({
    id: chainId,
    name,
    nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  })
  return createTestClient({
    mode: 'anvil',
    chain,
    account: privateKeyToAccount(privateKey),
    transport: withGasMargin(http(rpcUrl, { timeout: 30_000 })),
    cacheTime: 0,
    pollingInterval: 50,
  })
    .extend(publicActions)
    .extend(walletActions) as DevnetClient
}

/**
 * Adds 50% to the node's gas estimates (`eth_estimateGas`, and the gas of `eth_fillTransaction`,
 * which viem prefers). Anvil estimates the exact minimum on the pending block, but code whose cost
 * depends on block time (Morpho's and Aave's interest accrual, Perp's index TWAP and funding) can
 * be mined a second later and then run out of gas.
 *
 * @example
 * const transport = withGasMargin(http(rpcUrl))
 */
export function withGasMargin(transport: Transport): Transport {
  const more = (gas: string) => `0x${((BigInt(gas) * 3n) / 2n).toString(16)}`
  return (parameters) => {
    const inner = transport(parameters)
    type Request = typeof inner.request
    const request = (async (args: Parameters<Request>[0], options?: Parameters<Request>[1]) => {
      const result: unknown = await inner.request(args, options)
      if (args.method === 'eth_estimateGas' && typeof result === 'string') return more(result)
      if (args.method === 'eth_fillTransaction') {
        const filled = result as { tx?: { gas?: string } }
        if (typeof filled.tx?.gas === 'string')
          return { ...filled, tx: { ...filled.tx, gas: more(filled.tx.gas) } }
      }
      return result
    }) as Request
    return { ...inner, request }
  }
}
