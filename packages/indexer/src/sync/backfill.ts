import type { Store } from '@xmargin/store'
import type { AbiEvent, Address } from 'viem'
import { getLogsSplit } from '../rpc/get-logs-split.js'
import { discovers, type IndexerChain } from '../types.js'

/** Cursor source of the wallet-discovery scan. */
export const DISCOVERY_CURSOR = 'discovery'

export type BackfillProgress = { chainId: number; fromBlock: bigint; toBlock: bigint; doneBlock: bigint }

export type BackfillParameters = {
  chain: IndexerChain
  store: Store
  /** Scan up to this block (a recent head). */
  toBlock: bigint
  onProgress?: ((progress: BackfillProgress) => void) | undefined
  /** Blocks per committed step (bounded memory on long ranges). */
  stepBlocks?: bigint | undefined
  shouldStop?: (() => boolean) | undefined
}

/**
 * Scans venue events from the chain's start block (or the discovery cursor) to `toBlock` and
 * tracks the wallets they name. Each step commits its discovered wallets and the cursor (as the
 * step's last block) in one transaction, so a crash resumes where it stopped and loses nothing.
 *
 * @example
 * await backfill({ chain, store, toBlock: head.number })
 */
export async function backfill(parameters: BackfillParameters): Promise<void> {
  const { chain, store, toBlock, onProgress, shouldStop = () => false } = parameters
  const stepBlocks = parameters.stepBlocks ?? BigInt(chain.backfillStepBlocks ?? 10_000)
  const tip = await store.getTip({ chainId: chain.chainId })
  const fromBlock = tip ? BigInt(tip.number) + 1n : chain.startBlock
  const address: Address[] = []
  const events: AbiEvent[] = []
  for (const adapter of chain.adapters.adapters.filter((a) => discovers(a.venue))) {
    const filter = adapter.logFilter()
    address.push(...filter.address)
    events.push(...filter.events)
  }
  const uniqueEvents = [
    ...new Map(events.map((e) => [`${e.name}(${e.inputs.map((i) => i.type)})`, e])).values(),
  ]
  const discoverers = chain.adapters.adapters.filter((a) => discovers(a.venue))

  for (let from = fromBlock; from <= toBlock && !shouldStop(); from += stepBlocks) {
    const to = from + stepBlocks - 1n < toBlock ? from + stepBlocks - 1n : toBlock
    const logs = await getLogsSplit({
      client: chain.client,
      address: [...new Set(address)],
      events: uniqueEvents,
      fromBlock: from,
      toBlock: to,
      maxRange: chain.maxLogRange ?? 2000,
    })
    const discovered = new Set<Address>()
    for (const log of logs) {
      for (const adapter of discoverers) {
        const { address: watched } = adapter.logFilter()
        if (!watched.some((a) => a.toLowerCase() === log.address.toLowerCase())) continue
        for (const wallet of adapter.walletsOf(log)) discovered.add(wallet.toLowerCase() as Address)
      }
    }
    const block = await chain.client.getBlock({ blockNumber: to })
    await store.commitBlock({
      chainId: chain.chainId,
      block: {
        number: Number(to),
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: Number(block.timestamp),
      },
      discoveredWallets: [...discovered],
      cursors: [DISCOVERY_CURSOR],
    })
    onProgress?.({ chainId: chain.chainId, fromBlock, toBlock, doneBlock: to })
  }
}
