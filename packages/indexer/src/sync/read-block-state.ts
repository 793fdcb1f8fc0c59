import type { IndexedPosition, ReadCall } from '@xmargin/adapters'
import type { PriceWrite } from '@xmargin/store'
import type { Address } from 'viem'
import type { ExecuteReads, IndexerChain } from '../types.js'

export type ReadBlockStateParameters = {
  chain: IndexerChain
  executeReads: ExecuteReads
  blockNumber: bigint
  /** Wallets whose positions are read in full at this block. */
  wallets: readonly Address[]
}

export type ReadBlockStateReturnType = {
  prices: PriceWrite[]
  /** Per adapter (same order as `chain.adapters`), its decoded shared state for this block. */
  shared: unknown[]
  /** Every position of each read wallet, over all adapters. */
  positions: Map<Address, IndexedPosition[]>
  /** Calls made (for the RPC-efficiency benchmark). */
  calls: number
}

/**
 * Reads feeds, every adapter's per-block shared state and the given wallets' positions in ONE
 * plan executed through Multicall3 at `blockNumber`, so everything is a consistent cut.
 *
 * @example
 * const state = await readBlockState({ chain, executeReads, blockNumber: 123n, wallets })
 */
export async function readBlockState(
  parameters: ReadBlockStateParameters,
): Promise<ReadBlockStateReturnType> {
  const { chain, executeReads, blockNumber, wallets } = parameters
  const calls: ReadCall[] = []
  const take = (list: ReadCall[]) => {
    const start = calls.length
    calls.push(...list)
    return [start, calls.length] as const
  }
  const priceRange = take(chain.prices.reads())
  const sharedRanges = chain.adapters.map((adapter) => take(adapter.sharedReads()))
  const walletRanges = wallets.map((wallet) =>
    chain.adapters.map((adapter) => take(adapter.walletReads(wallet))),
  )

  const results = calls.length > 0 ? await executeReads({ client: chain.client, calls, blockNumber }) : []
  const slice = ([start, end]: readonly [number, number]) => results.slice(start, end)

  const prices = chain.prices.decode(slice(priceRange))
  const shared = chain.adapters.map((adapter, i) =>
    adapter.decodeShared(slice(sharedRanges[i] as [number, number])),
  )
  const positions = new Map<Address, IndexedPosition[]>()
  wallets.forEach((wallet, w) => {
    const list = chain.adapters.flatMap((adapter, a) =>
      adapter.decodeWallet(shared[a], wallet, slice(walletRanges[w]?.[a] as [number, number])),
    )
    positions.set(wallet, list)
  })
  return { prices, shared, positions, calls: calls.length }
}
