import { StaleVenueConfigError } from '@xmargin/adapters'
import { type IndexerSyncStatus, redactUrls } from '@xmargin/core'
import { ParentHashMismatchError, type Store } from '@xmargin/store'
import type { Address } from 'viem'
import { WrongChainError } from '../errors.js'
import type { IndexerChain } from '../types.js'
import { type BackfillProgress, backfill } from './backfill.js'
import { HEAD_CURSOR, type ProcessBlockReturnType, processBlock } from './process-block.js'
import { type ReadAtTipReturnType, readAtTip } from './read-at-tip.js'
import { canonicalBlock, handleReorg } from './reorg.js'

/** A chain's sync as its syncer sees it: the core's sync status, with what only the syncer tracks. */
export type ChainStatus = IndexerSyncStatus & {
  name: string
  phase: 'starting' | 'backfill' | 'following'
  indexedHash: `0x${string}` | null
  indexedTimestamp: number | null
  reorgs: number
  lastError: string | null
  /**
   * The chain's clock stored by the last complete step (unix s; see the store's `advanceChainClock`):
   * every block below it is indexed. Null until then (the chain then takes no part in the readers'
   * cut in time, see the store's `getChainHeads`).
   */
  clock: number | null
}

export type StepResult =
  | { kind: 'backfilled'; toBlock: bigint }
  /** A stop came during the first backfill: wallets and cursor committed up to `doneBlock`, no snapshot. */
  | { kind: 'stopped'; doneBlock: bigint | null }
  | { kind: 'blocks'; processed: ProcessBlockReturnType[] }
  /** Rolled back to `ancestor`; the new fork's next block was read in full and committed with the rollback. */
  | { kind: 'reorg'; ancestor: number; blocksRemoved: number }
  /**
   * A reorg below the finalized block (`finalizedBlock`, or below every stored block): the chain was
   * reset and is indexed again from its start block by the next steps (UNKNOWN until its snapshot).
   */
  | { kind: 'reindex'; blocksRemoved: number; finalizedBlock: number | null }
  | { kind: 'idle' }

export type ChainSyncerParameters = {
  chain: IndexerChain
  store: Store
  /** Blocks processed per step at most (bounded work between status updates). */
  maxBlocksPerStep?: number
  onProgress?: ((progress: BackfillProgress) => void) | undefined
  onBlock?: ((result: ProcessBlockReturnType) => void) | undefined
  /**
   * The chain's stored clock moved forward, with the indexed tip: readers' cut in time may have moved
   * (see the store's `getChainHeads`) though no block was indexed.
   */
  onClock?: ((event: { clock: number; blockNumber: bigint }) => void) | undefined
  now?: () => number
  /**
   * History kept below the finalized block for reads as of past blocks, in seconds of chain time
   * (`store.markFinalized`'s `retainSeconds`; the config's `store.retainHistoryDays`). Default 0.
   */
  retainHistorySeconds?: number | undefined
}

/** Options of one {@link ChainSyncer} `step()`. */
export type StepOptions = {
  /**
   * Asked between `eth_getLogs` chunks of the first backfill and between blocks: true ends the
   * step early with everything done so far committed (a backfill ended early takes no snapshot).
   */
  shouldStop?: (() => boolean) | undefined
}

/**
 * The sync state machine of one chain. Each `step()`:
 * 1. first run: scans venue events from the start block for wallets (backfill), then commits a full
 *    snapshot of every tracked wallet at the head; a `shouldStop` that turns true mid-scan ends the
 *    step (`stopped`) with the scan committed so far and no snapshot;
 * 2. then: processes the blocks after the stored tip one by one; a block whose parent hash is not
 *    the tip's (or a tip that is no longer canonical) is a reorg: roll back to the common ancestor;
 * 3. marks finality (RPC `finalized` tag or a confirmation depth) so history older than
 *    `retainHistorySeconds` below it is pruned.
 *
 * @example
 * const syncer = createChainSyncer({ chain, store })
 * while ((await syncer.step()).kind !== 'idle') {}
 */
export function createChainSyncer(parameters: ChainSyncerParameters) {
  const {
    chain: configured,
    store,
    maxBlocksPerStep = 50,
    onProgress,
    onBlock,
    onClock,
    now = Date.now,
    retainHistorySeconds = 0,
  } = parameters
  // A private copy: `reloadAdapters` swaps its adapters when a venue's configuration changed.
  const chain: IndexerChain = { ...configured }
  const { client, chainId } = chain
  /** Wallets read in full since this process started; a restart re-reads everyone once. */
  let known = new Set<Address>()
  let chainChecked = false
  /** Steps and tip reads run one at a time: a tip read never lands between a block's read and commit. */
  let queue: Promise<unknown> = Promise.resolve()
  const exclusive = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task)
    queue = run.catch(() => {})
    return run
  }
  const status: ChainStatus = {
    chainId,
    name: chain.name,
    phase: 'starting',
    headBlock: null,
    headTimestamp: null,
    indexedBlock: null,
    indexedHash: null,
    indexedTimestamp: null,
    finalizedBlock: null,
    lagBlocks: null,
    reorgs: 0,
    consecutiveErrors: 0,
    lastError: null,
    lastSuccessAt: null,
    clock: null,
  }
  /** The last step's pending-block timestamp and head, both read before any block was processed. */
  let observed: { clock: number | null; head: bigint } | undefined

  async function checkChainId() {
    if (chainChecked) return
    const actual = await client.getChainId()
    if (actual !== chainId) {
      throw new WrongChainError(`RPC for ${chain.name} serves chain ${actual}, expected ${chainId}.`, {
        details: 'Check the chain RPC URLs in the config; nothing was indexed from it.',
      })
    }
    chainChecked = true
  }

  async function hasSnapshot(): Promise<boolean> {
    const [head] = await store.getChainHeads({ chainIds: [chainId] })
    return head?.cursors.some((c) => c.source === HEAD_CURSOR) ?? false
  }

  async function newlyTracked(): Promise<Set<Address>> {
    const tracked = await store.getTrackedWallets()
    return new Set(tracked.map((w) => w.address.toLowerCase() as Address).filter((w) => !known.has(w)))
  }

  /**
   * Wallets tracked since this chain's last read (discovered on another chain, or tracked by an
   * admin) are read at the stored tip when no new block comes to read them: otherwise an idle chain
   * would leave them out until its next block, and the database would depend on which chain saw
   * them first.
   */
  async function readNewlyTrackedAtTip() {
    const unread = [...(await newlyTracked())]
    if (unread.length === 0) return
    const result = await readAtTip({ chain, store, wallets: unread })
    if (result.kind === 'read') known = new Set([...known, ...unread])
  }

  async function markFinality(head: bigint) {
    let finalized: bigint
    if (chain.useFinalizedTag) {
      const block = await client.getBlock({ blockTag: 'finalized' }).catch(() => null)
      finalized = block?.number ?? head - BigInt(chain.finalityDepth)
    } else finalized = head - BigInt(chain.finalityDepth)
    const tip = await store.getTip({ chainId })
    if (!tip || finalized < 0n) return
    const target = finalized < BigInt(tip.number) ? finalized : BigInt(tip.number)
    const result = await store.markFinalized({
      chainId,
      blockNumber: Number(target),
      retainSeconds: retainHistorySeconds,
    })
    if (result.finalized) status.finalizedBlock = BigInt(result.finalized.number)
  }

  /** Stores the chain's clock after a step that stored every block up to the head it saw. */
  async function advanceClock(result: StepResult) {
    if (!observed || observed.clock === null) return
    if (result.kind !== 'idle' && result.kind !== 'blocks' && result.kind !== 'backfilled') return
    const tip = await store.getTip({ chainId })
    if (!tip || BigInt(tip.number) < observed.head) return
    const previous = status.clock
    const stored = await store.advanceChainClock({ chainId, clock: observed.clock })
    status.clock = stored.clock
    // Moved here, or already with the step's last block (committed with its clock).
    if (stored.advanced || stored.clock !== previous)
      onClock?.({ clock: stored.clock, blockNumber: BigInt(tip.number) })
  }

  async function refreshIndexed() {
    const tip = await store.getTip({ chainId })
    status.indexedBlock = tip ? BigInt(tip.number) : null
    status.indexedHash = tip?.hash ?? null
    status.indexedTimestamp = tip?.timestamp ?? null
    status.lagBlocks = status.headBlock !== null && tip ? status.headBlock - BigInt(tip.number) : null
  }

  async function step(options: StepOptions): Promise<StepResult> {
    const { shouldStop = () => false } = options
    await checkChainId()
    // The pending block's timestamp first, then the head: every block mined after this read is
    // stamped at or after it, so once every block up to the head is stored, so is every block below it.
    const pending = await client.getBlock({ blockTag: 'pending' }).then(
      (block) => Number(block.timestamp),
      () => null,
    )
    const head = await client.getBlock({ blockTag: 'latest', includeTransactions: true })
    // An RPC without a pending block: the head's timestamp + 1, exact where timestamps strictly
    // increase (Ethereum); a later block stamped in the head's second would be served a poll late.
    observed = { clock: pending ?? Number(head.timestamp) + 1, head: head.number }
    status.headBlock = head.number
    status.headTimestamp = Number(head.timestamp)

    if (!(await hasSnapshot())) {
      status.phase = 'backfill'
      const scan = await backfill({ chain, store, toBlock: head.number - 1n, onProgress, shouldStop })
      // Wallets discovered after the scan's end would be missing from the snapshot: only a complete
      // scan (up to the block before the head) may take it.
      if (!scan.complete) return { kind: 'stopped', doneBlock: scan.doneBlock }
      const result = await processOrReorg(head, true)
      if (result.kind !== 'blocks') return result
      status.phase = 'following'
      return { kind: 'backfilled', toBlock: head.number }
    }
    status.phase = 'following'
    const tip = await store.getTip({ chainId })
    if (!tip) return { kind: 'idle' }
    if (head.number <= BigInt(tip.number)) {
      // An RPC failure here must propagate: only a block that exists with another hash is a reorg.
      const canonical = await canonicalBlock(client, BigInt(tip.number))
      if (canonical?.hash?.toLowerCase() !== tip.hash.toLowerCase()) return reorg()
      await readNewlyTrackedAtTip()
      await markFinality(head.number)
      return { kind: 'idle' }
    }
    const processed: ProcessBlockReturnType[] = []
    const last =
      head.number < BigInt(tip.number + maxBlocksPerStep)
        ? head.number
        : BigInt(tip.number + maxBlocksPerStep)
    for (let n = BigInt(tip.number) + 1n; n <= last; n++) {
      // Each block is its own commit: stopping between two leaves a consistent tip.
      if (shouldStop()) return { kind: 'blocks', processed }
      // Caught up (the usual case): the head we just fetched is the next block; no second fetch.
      const block =
        n === head.number ? head : await client.getBlock({ blockNumber: n, includeTransactions: true })
      const result = await processOrReorg(block, false)
      if (result.kind !== 'blocks') return result
      processed.push(...result.processed)
    }
    await markFinality(head.number)
    return { kind: 'blocks', processed }
  }

  async function processOrReorg(
    block: Awaited<ReturnType<typeof client.getBlock<true>>>,
    fullSnapshot: boolean,
  ): Promise<StepResult> {
    try {
      const readAlso = fullSnapshot ? undefined : await newlyTracked()
      // The block that reaches the head this step read carries the clock read before it.
      const clock = observed?.head === block.number ? (observed.clock ?? undefined) : undefined
      const result = await processBlock({ chain, store, block, fullSnapshot, readAlso, clock })
      // Only wallets read in full: one tracked during this block but not read is read later.
      known = new Set([...known, ...result.read])
      onBlock?.(result)
      return { kind: 'blocks', processed: [result] }
    } catch (error) {
      if (error instanceof ParentHashMismatchError || hasCause(error, ParentHashMismatchError)) return reorg()
      throw error
    }
  }

  async function reorg(): Promise<StepResult> {
    // Whatever happens below, read everyone again rather than trust what survived.
    known = new Set()
    const result = await handleReorg({ chain, store })
    status.reorgs++
    if (result.kind === 'reindex') {
      status.phase = 'backfill'
      return result
    }
    if (result.replacement) {
      known = new Set(result.replacement.tracked)
      onBlock?.(result.replacement)
    }
    return { kind: 'reorg', ancestor: result.ancestor, blocksRemoved: result.blocksRemoved }
  }

  return {
    chainId,
    status: () => ({ ...status }),
    /**
     * Reads tracked wallets not yet read by this process at the stored tip and commits them there
     * (`readAtTip`), between two steps; `read` at once (with the tip) when all were read already.
     */
    readWallets: (wallets: readonly Address[]): Promise<ReadAtTipReturnType> =>
      exclusive(async () => {
        if (!(await hasSnapshot())) return { kind: 'no-tip' }
        const unread = [...new Set(wallets.map((w) => w.toLowerCase() as Address))].filter(
          (w) => !known.has(w),
        )
        if (unread.length === 0) {
          const tip = await store.getTip({ chainId })
          return tip ? { kind: 'read', blockNumber: BigInt(tip.number) } : { kind: 'no-tip' }
        }
        const result = await readAtTip({ chain, store, wallets: unread })
        if (result.kind === 'read') known = new Set([...known, ...unread])
        return result
      }),
    /** One step; errors propagate (the caller backs off). Status is updated either way. */
    step: (options: StepOptions = {}): Promise<StepResult> => exclusive(() => runStep(options)),
  }

  async function runStep(options: StepOptions): Promise<StepResult> {
    try {
      let result: StepResult
      observed = undefined
      try {
        result = await step(options)
      } catch (error) {
        if (!chain.reloadAdapters || !hasCause(error, StaleVenueConfigError)) throw error
        // A venue changed on chain (e.g. a new Aave reserve): re-read its layout, then retry once.
        chain.adapters = await chain.reloadAdapters()
        known = new Set()
        result = await step(options)
      }
      await advanceClock(result)
      status.consecutiveErrors = 0
      status.lastError = null
      status.lastSuccessAt = now()
      return result
    } catch (error) {
      status.consecutiveErrors++
      // Status leaves the process (status lines, the API): no provider URL path, which may hold a key.
      status.lastError = redactUrls(
        error instanceof Error ? (error.message.split('\n')[0] ?? error.name) : String(error),
      )
      throw error
    } finally {
      await refreshIndexed().catch(() => {})
    }
  }
}

export type ChainSyncer = ReturnType<typeof createChainSyncer>

function hasCause(error: unknown, type: new (...args: never[]) => Error): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    if (current instanceof type) return true
    current = (current as Error).cause
  }
  return false
}
