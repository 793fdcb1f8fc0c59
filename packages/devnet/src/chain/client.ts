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
    transport: http(rpcUrl, { timeout: 30_000 }),
    cacheTime: 0,
    pollingInterval: 50,
  })
    .extend(publicActions)
    .extend(walletActions) as DevnetClient
}
