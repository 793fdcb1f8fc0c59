import type { IndexedPosition, SharedState } from '@xmargin/adapters'
import type { Position, PositionWrite, Store } from '@xmargin/store'
import type { AbiEvent, Address, Block } from 'viem'
import { InconsistentRpcError } from '../errors.js'
import { bloomMayContain } from '../rpc/logs-bloom.js'
import type { IndexerChain } from '../types.js'
import { readBlockState, readSharedState } from './read-block-state.js'
import { touchedWallets } from './touched-wallets.js'

export type ProcessBlockParameters = {
  chain: IndexerChain
  store: Store
  /** The block, with full transactions. */
  block: Block<bigint, true>
  /** Read every tracked wallet in full (the first snapshot), not only those the block touched. */
  fullSnapshot?: boolean
  /** Tracked wallets read in full in this block although untouched (newly tracked ones). */
  readAlso?: ReadonlySet<Address> | undefined
}

export type ProcessBlockReturnType = {
  blockNumber: bigint
  /** Every wallet tracked when the block was committed. */
  tracked: Set<Address>
  /**
   * The wallets read in full at this block. A wallet tracked while the block was being processed
   * may be in `tracked` without being read: it is read at the next block (or at the tip, `readAtTip`).
   */
  read: Set<Address>
  touched: number
  discovered: number
  positionsWritten: number
  pricesWritten: number
  calls: number
  requests: number
}

/** Cursor source for the block-by-block head sync. */
export const HEAD_CURSOR = 'head'

/**
 * Indexes one block: its logs name the wallets it touched; those are re-read in full, every other
 * stored position is revalued from this block's shared state (indexes), feeds are read; all of it
 * and the cursor are committed in ONE transaction. The block must extend the stored tip (the store
 * throws `ParentHashMismatchError` otherwise: the reorg signal).
 *
 * @example
 * await processBlock({ chain, store, block })
 */
export async function processBlock(parameters: ProcessBlockParameters): Promise<ProcessBlockReturnType> {
  const { chain, store, block, fullSnapshot = false, readAlso } = parameters
  if (block.hash === null || block.number === null) {
    throw new InconsistentRpcError(`Block without hash or number returned on chain ${chain.chainId}.`)
  }
  // The log query and the block's shared reads do not depend on each other: one round trip.
  const [logs, sharedState] = await Promise.all([
    readLogs(chain, block.hash, block.logsBloom),
    readSharedState({ chain, blockNumber: block.number, blockTimestamp: block.timestamp }),
  ])
  const { touched, discovered } = touchedWallets(chain.adapters.adapters, block, logs)

  const tracked = new Set((await store.getTrackedWallets()).map((w) => w.address.toLowerCase() as Address))
  for (const wallet of discovered) tracked.add(wallet)
  const wanted = new Set([...touched, ...(readAlso ?? [])])
  const refresh = block.number % BigInt(chain.fullRefreshBlocks ?? 50) === 0n
  const toRead = fullSnapshot || refresh ? [...tracked] : [...wanted].filter((w) => tracked.has(w))
  toRead.sort()

  const state = await readBlockState({
    chain,
    blockNumber: block.number,
    blockTimestamp: block.timestamp,
    wallets: toRead,
    sharedState,
  })
  const stored =
    tracked.size > 0 ? await store.getPositions({ wallets: [...tracked], chainIds: [chain.chainId] }) : []

  const upserts: PositionWrite[] = []
  const deletes: Omit<PositionWrite, 'amount' | 'extra'>[] = []
  const reread = new Set(toRead)
  for (const [, positions] of state.positions) upserts.push(...positions)
  const adapters = chain.adapters.adapters
  const adapterIndex = new Map(adapters.map((adapter, i) => [adapter.venue, i]))
  for (const position of stored) {
    const wallet = position.wallet.toLowerCase() as Address
    if (reread.has(wallet)) {
      const current = state.positions.get(wallet) ?? []
      const stillThere = current.some(
        (p) => p.venue === position.venue && p.kind === position.kind && p.key === position.key,
      )
      if (!stillThere) deletes.push({ venue: position.venue, wallet, kind: position.kind, key: position.key })
      continue
    }
    const index = adapterIndex.get(position.venue)
    const adapter = index === undefined ? undefined : adapters[index]
    if (!adapter || index === undefined) continue
    upserts.push(adapter.revalue(state.shared[index] as SharedState, toIndexed(position)))
  }

  const result = await store.commitBlock({
    chainId: chain.chainId,
    block: {
      number: Number(block.number),
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: Number(block.timestamp),
    },
    positions: { upserts, deletes },
    prices: state.prices,
    discoveredWallets: [...discovered],
    cursors: [HEAD_CURSOR],
  })
  return {
    blockNumber: block.number,
    tracked,
    read: new Set(toRead),
    touched: toRead.length,
    discovered: discovered.size,
    positionsWritten: result.positionsWritten,
    pricesWritten: result.pricesWritten,
    calls: state.calls,
    requests: state.requests,
  }
}

async function readLogs(chain: IndexerChain, blockHash: `0x${string}`, logsBloom: `0x${string}` | null) {
  const address: Address[] = []
  const events: AbiEvent[] = []
  const seen = new Set<string>()
  for (const adapter of chain.adapters.adapters) {
    const filter = adapter.logFilter()
    address.push(...filter.address)
    for (const event of filter.events) {
      const signature = `${event.name}(${event.inputs.map((i) => i.type).join(',')})`
      if (seen.has(signature)) continue
      seen.add(signature)
      events.push(event)
    }
  }
  if (address.length === 0 || events.length === 0) return []
  // The block's bloom proves no watched contract logged anything: skip the query (steady state).
  if (logsBloom && !address.some((a) => bloomMayContain(logsBloom, a))) return []
  const logs = await chain.client.getLogs({
    blockHash,
    address: [...new Set(address)],
    events,
    strict: false,
  })
  return logs as unknown as Parameters<typeof touchedWallets>[2]
}

function toIndexed(position: Position): IndexedPosition {
  return {
    venue: position.venue,
    wallet: position.wallet,
    kind: position.kind,
    key: position.key,
    amount: position.amount,
    extra: { ...position.extra },
  }
}
