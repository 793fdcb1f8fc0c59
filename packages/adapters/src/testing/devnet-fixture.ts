import { createDevnetClient, type DevnetClient, type DevnetManifest, manifestChain } from '@xmargin/devnet'
import { type Address, type Client, createPublicClient, http, type PublicClient, parseAbi } from 'viem'
import type { SharedBlock } from '../adapter.js'
import { adaptersFromChainSpecs, type BoundChainAdapters } from '../config/adapters-from-chain-specs.js'
import { createRequestCounter, type RequestCounter } from '../read/request-counter.js'

/** Test-only views of the Aave data provider (the chain's own per-user figures). */
export const aaveDataProviderAbi = parseAbi([
  'function getUserReserveData(address asset, address user) view returns (uint256 currentATokenBalance, uint256 currentStableDebt, uint256 currentVariableDebt, uint256 principalStableDebt, uint256 scaledVariableDebt, uint256 stableBorrowRate, uint256 liquidityRate, uint40 stableRateLastUpdated, bool usageAsCollateralEnabled)',
])

/** Open `mint` of the devnet's test tokens. */
export const mintAbi = parseAbi(['function mint(address account, uint256 value) returns (bool)'])

export type DevnetFixture = {
  manifest: DevnetManifest
  /** Counts every request of the clients below. */
  counter: RequestCounter
  client: (chainId: number) => PublicClient
  /** A client that signs as a demo wallet. */
  signer: (chainId: number, name: string) => DevnetClient
  wallet: (name: string) => Address
  adapters: () => Promise<BoundChainAdapters[]>
  chainAdapters: (chainId: number) => Promise<BoundChainAdapters>
}

/**
 * Clients, demo wallets and adapters built from the devnet's chain specs over the devnet the global setup started.
 *
 * @example
 * const devnet = createDevnetFixture(inject('devnetManifest'))
 */
export function createDevnetFixture(manifest: DevnetManifest): DevnetFixture {
  const counter = createRequestCounter()
  const clients = new Map<number, PublicClient>()
  const client = (chainId: number): PublicClient => {
    let found = clients.get(chainId)
    if (!found) {
      const { rpcUrl } = manifestChain(manifest, chainId)
      found = createPublicClient({
        transport: http(rpcUrl, { onFetchRequest: counter.onFetchRequest }),
        cacheTime: 0,
      }) as PublicClient
      clients.set(chainId, found)
    }
    return found
  }
  const account = (name: string) => {
    const found = manifest.wallets.find((w) => w.name === name)
    if (!found) throw new Error(`No demo wallet ${name}`)
    return found
  }
  let cached: Promise<BoundChainAdapters[]> | undefined
  const adapters = () => {
    cached ??= adaptersFromChainSpecs({ chains: manifest.chains, clientOf: (id): Client => client(id) })
    return cached
  }
  return {
    manifest,
    counter,
    client,
    signer: (chainId, name) =>
      createDevnetClient({
        chainId,
        rpcUrl: manifestChain(manifest, chainId).rpcUrl,
        privateKey: account(name).privateKey,
      }),
    wallet: (name) => account(name).address,
    adapters,
    chainAdapters: async (chainId) => {
      const found = (await adapters()).find((c) => c.chainId === chainId)
      if (!found) throw new Error(`No adapters for chain ${chainId}`)
      return found
    },
  }
}

/**
 * The number and timestamp of a block, as shared-state decoders take them.
 *
 * @example
 * const block = await blockAt(devnet.client(1), 123n)
 */
export async function blockAt(client: PublicClient, blockNumber: bigint): Promise<SharedBlock> {
  const { timestamp } = await client.getBlock({ blockNumber })
  return { number: blockNumber, timestamp }
}
