import type { Store } from '@xmargin/store'
import type { AbiEvent, Address } from 'viem'
import { getLogsChunks } from '../rpc/get-logs-chunks.js'
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
  /**
   * Asked after every answered `eth_getLogs` chunk: true ends the scan there, committing what the
   * current step scanned so far (its wallets and the cursor at the chunk's last block).
   */
  shouldStop?: (() => boolean) | undefined
}

/** Return type of {@link backfill}. */
export type BackfillReturnType = {
  /** The scan reached `toBlock`: a snapshot at `toBlock + 1` sees every discovered wallet. */
  complete: boolean
  /** The last block scanned and committed (the discovery cursor); null if none ever was. */
  doneBlock: bigint | null
}

/**
 * Scans venue events from the chain's start block (or the discovery cursor) to `toBlock` and
 * tracks the wallets they name. Each step commits its discovered wallets and the cursor (as the
 * step's last block) in one transaction, so a crash resumes where it stopped and loses nothing.
 * Steps end on fixed boundaries (`startBlock + k·stepBlocks − 1`), so the blocks a resumed scan
 * commits are those an uninterrupted one commits.
 *
 * A `shouldStop()` that turns true ends the scan after the `eth_getLogs` chunk in flight: the
 * step commits its wallets with the cursor at that chunk's last block (every block up to it was
 * scanned) and returns `complete: false`; the next run resumes after it, repeating nothing.
 *
 * @example
 * const { complete } = await backfill({ chain, store, toBlock: head.number - 1n, shouldStop: () => stopping })
 * if (complete) takeSnapshot(head)
 */
export async function backfill(parameters: BackfillParameters): Promise<BackfillReturnType> {
  const { chain, store, toBlock, onProgress, shouldStop = () => false } = parameters
  const stepBlocks = parameters.stepBlocks ?? BigInt(chain.backfillStepBlocks ?? 10_000)
  const tip = await store.getTip({ chainId: chain.chainId })
  const fromBlock = tip ? BigInt(tip.number) + 1n : chain.startBlock
  let doneBlock = tip ? BigInt(tip.number) : null
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

  let from = fromBlock
  while (from <= toBlock) {
    if (shouldStop()) return { complete: false, doneBlock }
    const stepEnd = from + stepBlocks - 1n - stepOffset(from, chain.startBlock, stepBlocks)
    const to = stepEnd < toBlock ? stepEnd : toBlock
    const discovered = new Set<Address>()
    let scanned: bigint | null = null
    for await (const chunk of getLogsChunks({
      client: chain.client,
      address: [...new Set(address)],
      events: uniqueEvents,
      fromBlock: from,
      toBlock: to,
      maxRange: chain.maxLogRange ?? 2000,
    })) {
      for (const log of chunk.logs) {
        for (const adapter of discoverers) {
          const { address: watched } = adapter.logFilter()
          if (!watched.some((a) => a.toLowerCase() === log.address.toLowerCase())) continue
          for (const wallet of adapter.walletsOf(log)) discovered.add(wallet.toLowerCase() as Address)
        }
      }
      scanned = chunk.toBlock
      if (shouldStop()) break
    }
    if (scanned === null) return { complete: false, doneBlock }
    const block = await chain.client.getBlock({ blockNumber: scanned })
    await store.commitBlock({
      chainId: chain.chainId,
      block: {
        number: Number(scanned),
        hash: block.hash,
        parentHash: block.parentHash,
        timestamp: Number(block.timestamp),
      },
      discoveredWallets: [...discovered],
      cursors: [DISCOVERY_CURSOR],
    })
    doneBlock = scanned
    onProgress?.({ chainId: chain.chainId, fromBlock, toBlock, doneBlock: scanned })
    from = scanned + 1n
  }
  return { complete: true, doneBlock }
}

/** How far `from` lies past the last step boundary at or below it (0 before the start block). */
function stepOffset(from: bigint, startBlock: bigint, stepBlocks: bigint): bigint {
  return from > startBlock ? (from - startBlock) % stepBlocks : 0n
}
