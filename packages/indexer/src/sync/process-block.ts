import type { IndexedPosition, SharedState } from '@xmargin/adapters'
import type { CommitBlockParameters, PositionWrite, Store, StoredPosition } from '@xmargin/store'
import type { AbiEvent, Address, Block } from 'viem'
import { InconsistentRpcError } from '../errors.js'
import { bloomMayContain } from '../rpc/logs-bloom.js'
import type { IndexerChain } from '../types.js'
import { withEnginePosition } from './engine-position.js'
import { readBlockState, readSharedState } from './read-block-state.js'
import { readFeedRounds } from './read-feed-rounds.js'
import { readPoolStates } from './read-pool-states.js'
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
  /**
   * Diff the read against the stored positions as of this block (the reorg's common ancestor)
   * instead of the current ones, which belong to the fork being replaced.
   */
  storedAt?: number | undefined
  /**
   * The chain's clock when this block is the head the step read after its pending timestamp: it is
   * committed with the block (`commitBlock`'s `clock`), so readers never see the block without it.
   */
  clock?: number | undefined
}

export type ProcessBlockReturnType = {
  blockNumber: bigint
  /** Every tracked wallet was read in full: the commit was marked `complete`. */
  complete: boolean
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
 * Indexes one block: its logs name the wallets it touched; those, and the holders of positions that
 * move without events (an adapter's `movesWithoutEvents`), are re-read in full, every other
 * stored position is revalued from this block's shared state (indexes), feeds and the chain's Uniswap
 * v3 pools are read; all of it
 * and the cursor are committed in ONE transaction. The block must extend the stored tip (the store
 * throws `ParentHashMismatchError` otherwise: the reorg signal).
 *
 * @example
 * await processBlock({ chain, store, block })
 */
export async function processBlock(parameters: ProcessBlockParameters): Promise<ProcessBlockReturnType> {
  const { commit, result } = await readBlock(parameters)
  const written = await parameters.store.commitBlock({ ...commit, clock: parameters.clock })
  return { ...result, positionsWritten: written.positionsWritten, pricesWritten: written.pricesWritten }
}

/** Return type of {@link readBlock}. */
export type ReadBlockReturnType = {
  /** What `commitBlock` (or `rollbackTo`'s `replacement`) writes for the block. */
  commit: CommitBlockParameters
  /** The block's figures; `positionsWritten`/`pricesWritten` are what the read found, before the store skips unchanged values. */
  result: ProcessBlockReturnType
}

/**
 * Reads one block as {@link processBlock} does, without committing: the commit's parameters and
 * figures. A reorg reads the new fork's first block with it, then commits it in the rollback's
 * transaction.
 *
 * @example
 * const { commit } = await readBlock({ chain, store, block, fullSnapshot: true, storedAt: ancestor })
 * await store.rollbackTo({ chainId, blockNumber: ancestor, replacement: commit })
 */
export async function readBlock(parameters: ProcessBlockParameters): Promise<ReadBlockReturnType> {
  const { chain, store, block, fullSnapshot = false, readAlso, storedAt } = parameters
  if (block.hash === null || block.number === null) {
    throw new InconsistentRpcError(`Block without hash or number returned on chain ${chain.chainId}.`)
  }
  // The log query, the block's shared reads and its pool states do not depend on each other.
  const [logs, sharedState, poolStates] = await Promise.all([
    readLogs(chain, block.hash, block.logsBloom),
    readSharedState({ chain, blockNumber: block.number, blockTimestamp: block.timestamp }),
    readPoolStates({ chain, blockNumber: block.number }),
  ])
  const { touched, discovered } = touchedWallets(chain.adapters.adapters, block, logs)

  const tracked = new Set((await store.getTrackedWallets()).map((w) => w.address.toLowerCase() as Address))
  for (const wallet of discovered) tracked.add(wallet)
  const stored =
    tracked.size > 0
      ? await store.getPositions({
          wallets: [...tracked],
          chainIds: [chain.chainId],
          at: storedAt === undefined ? undefined : [{ chainId: chain.chainId, blockNumber: storedAt }],
        })
      : []
  const adapters = chain.adapters.adapters
  const adapterIndex = new Map(adapters.map((adapter, i) => [adapter.venue, i]))
  const adapterOf = (venue: string) => {
    const index = adapterIndex.get(venue)
    return index === undefined ? undefined : { adapter: adapters[index]!, index }
  }
  const wanted = new Set([...touched, ...(readAlso ?? [])])
  // Positions that move with time where no shared state can follow them (Perp's funding): their
  // wallets are read at every block, so what is stored is never older than the block.
  for (const position of stored) {
    if (adapterOf(position.venue)?.adapter.movesWithoutEvents(toIndexed(position))) {
      wanted.add(position.wallet.toLowerCase() as Address)
    }
  }
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
  const history = await readFeedRounds({
    chain,
    store,
    blockNumber: block.number,
    blockTimestamp: block.timestamp,
    prices: state.prices,
    storedAt,
  })

  const upserts: PositionWrite[] = []
  const deletes: Omit<PositionWrite, 'amount' | 'extra' | 'engine'>[] = []
  const reread = new Set(toRead)
  for (const [, positions] of state.positions) upserts.push(...positions)
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
    const bound = adapterOf(position.venue)
    if (!bound) continue
    const { adapter, index } = bound
    const revalued = adapter.revalue(state.shared[index] as SharedState, toIndexed(position))
    upserts.push(withEnginePosition({ adapter, position: revalued, blockNumber: block.number }))
  }

  // Every tracked wallet read in full: the chain's stored positions are complete from this block.
  const complete = toRead.length === tracked.size
  const commit: CommitBlockParameters = {
    chainId: chain.chainId,
    block: {
      number: Number(block.number),
      hash: block.hash,
      parentHash: block.parentHash,
      timestamp: Number(block.timestamp),
    },
    positions: { upserts, deletes },
    prices: state.prices,
    poolStates,
    feedRounds: history.rounds,
    discoveredWallets: [...discovered],
    cursors: [HEAD_CURSOR],
    complete,
  }
  return {
    commit,
    result: {
      blockNumber: block.number,
      complete,
      tracked,
      read: new Set(toRead),
      touched: toRead.length,
      discovered: discovered.size,
      positionsWritten: upserts.length,
      pricesWritten: state.prices.length,
      calls: state.calls + history.calls,
      requests: state.requests + history.requests,
    },
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

function toIndexed(position: StoredPosition): IndexedPosition {
  return {
    venue: position.venue,
    wallet: position.wallet,
    kind: position.kind,
    key: position.key,
    amount: position.amount,
    extra: { ...position.extra },
  }
}
