import { assessChainFreshness, type ChainStaleReason, defaultMaxLagSeconds } from '@xmargin/core'
import { type Store, WriterLockLostError } from '@xmargin/store'
import type { Logger } from 'pino'
import type { Address } from 'viem'
import { IndexerError } from './errors.js'
import type { BackfillProgress } from './sync/backfill.js'
import {
  type ChainStatus,
  type ChainSyncer,
  createChainSyncer,
  type StepOptions,
  type StepResult,
} from './sync/chain-syncer.js'
import type { ProcessBlockReturnType } from './sync/process-block.js'
import type { IndexerChain } from './types.js'
import { createWriterLease } from './writer-lease.js'

/** How often `syncToHead` looks again for the readers' cut to reach the tips, and for how long at most, ms. */
const servePollMs = 100
const maxServeWaitMs = 3000

export type CreateIndexerParameters = {
  store: Store
  chains: readonly IndexerChain[]
  logger: Logger
  /** Milliseconds between head polls when caught up. */
  pollingIntervalMs?: number
  /** Longest back-off after repeated errors, ms. */
  maxBackoffMs?: number
  onProgress?: (progress: BackfillProgress) => void
  onBlock?: (chainId: number, result: ProcessBlockReturnType) => void
  /** A chain's stored clock moved forward (see `createChainSyncer`'s `onClock`). */
  onClock?: (chainId: number, event: { clock: number; blockNumber: bigint }) => void
  now?: () => number
  /**
   * The writer lock of its chains in the database (`createWriterLease`): without a heartbeat for
   * this long (ms, default 30 s) another indexer may take it over. Taken at the first step, released
   * by `stop()`.
   */
  writerLockTimeoutMs?: number | undefined
  /**
   * History kept below each chain's finalized block, in seconds of chain time, so reads as of past
   * blocks (`marginHistory`) are answered there: the config's `store.retainHistoryDays`
   * (`startIndexerFromConfig` passes it). Default 0: superseded versions are pruned at finality.
   */
  retainHistorySeconds?: number | undefined
  /**
   * Hot standby: while another live indexer holds one of its chains, the first step waits for the
   * lock (see `createWriterLease`) instead of failing with `WriterLockedError`; `stop()` ends the wait
   * (the step rejects with `StandbyStoppedError`).
   */
  standby?: boolean | undefined
  /** How often a standby tries to take the lock, ms (default 1000). */
  standbyPollMs?: number | undefined
}

export type IndexerChainStatus = ChainStatus & {
  /** The chain's `maxLagSeconds` (the core default when its config sets none). */
  maxLagSeconds: number
  /** Seconds between now and the indexed block's timestamp. */
  ageSeconds: number | null
  /**
   * `assessChainFreshness`: the indexed block is older than `maxLagSeconds` by the wall clock (a
   * halted chain or sync), trails the head by that much chain time, no step completed for that
   * long, or the sync keeps failing.
   */
  stale: boolean
  staleReasons: ChainStaleReason[]
}

export type Indexer = {
  /** Follows every chain until `stop()`; resolves when stopped. */
  run: () => Promise<void>
  /**
   * Steps every chain until its indexed block reaches the head seen at the call (tests, CLI first
   * sync). A `stop()` meanwhile ends it promptly: a backfill after its `eth_getLogs` chunk in
   * flight (committing what it scanned, taking no snapshot), a catch-up after its current block.
   * Without `chainIds` (every chain), then waits (up to 3 s, stepping every chain) for readers to be
   * served every chain's tip: they read at the store's cut in time, which passes a block once every
   * chain's clock has.
   */
  syncToHead: (chainIds?: readonly number[]) => Promise<void>
  step: (chainId: number, options?: StepOptions) => Promise<StepResult>
  status: () => IndexerChainStatus[]
  /**
   * Reads tracked wallets that this indexer has not read yet at every chain's indexed tip, between
   * two steps, and commits them there (`store.commitTipReads`): a wallet tracked now is answered
   * for at once, not at the chain's next block. Per chain, the block each read is committed at; null
   * where it could not be read yet (no first snapshot, the tip kept moving, an RPC error: logged).
   */
  readWallets: (wallets: readonly Address[]) => Promise<WalletReads>
  stop: () => Promise<void>
  /**
   * Why it stopped on its own: the `WriterLockLostError` of the first chain another indexer took over
   * (its heartbeat found the lease gone, or a write was fenced off); undefined while it holds its lease.
   */
  leaseLost: () => WriterLockLostError | undefined
}

/** Per chain, the block at which `readWallets` committed the wallets' positions (null: not read yet). */
export type WalletReads = { chainId: number; blockNumber: bigint | null }[]

/**
 * The indexer: one sync state machine per chain (see `createChainSyncer`), run side by side.
 * Errors back off exponentially per chain and are logged with stable keys; a chain that keeps
 * failing, or whose indexed block is older than its `maxLagSeconds` by the clock `now`, is
 * reported `stale` (`assessChainFreshness`, the rule the API applies too).
 *
 * @example
 * const indexer = createIndexer({ store, chains, logger })
 * await indexer.syncToHead()
 * void indexer.run()
 */
export function createIndexer(parameters: CreateIndexerParameters): Indexer {
  const {
    store,
    chains,
    logger,
    pollingIntervalMs = 1000,
    maxBackoffMs = 30_000,
    now = Date.now,
  } = parameters
  /** The lease loss that stopped it (see `leaseLost`). */
  let lost: WriterLockLostError | undefined
  // One writer per chain of the database: a second indexer fails its first step with WriterLockedError
  // (or, as a standby, waits in it until the chains are free).
  const lease = createWriterLease({
    store,
    chainIds: chains.map((c) => c.chainId),
    logger,
    timeoutMs: parameters.writerLockTimeoutMs,
    onLost: (error) => {
      lost ??= error
      void stop()
    },
    standby: parameters.standby,
    standbyPollMs: parameters.standbyPollMs,
  })

  const syncers = new Map<number, ChainSyncer>(
    chains.map((chain) => [
      chain.chainId,
      createChainSyncer({
        chain,
        // Every chain write is checked against this indexer's writer lock in its own transaction.
        store: lease.fence(store),
        onProgress: parameters.onProgress,
        onBlock: (result) => {
          logger.debug(
            {
              chain_id: chain.chainId,
              block_number: Number(result.blockNumber),
              touched: result.touched,
              positions_written: result.positionsWritten,
              prices_written: result.pricesWritten,
            },
            'block indexed',
          )
          parameters.onBlock?.(chain.chainId, result)
        },
        onClock: (event) => parameters.onClock?.(chain.chainId, event),
        now,
        retainHistorySeconds: parameters.retainHistorySeconds,
      }),
    ]),
  )
  const maxLag = new Map(chains.map((c) => [c.chainId, c.maxLagSeconds ?? defaultMaxLagSeconds]))
  let stopped = false
  /** Counts `stop()` calls: a `syncToHead` ends when one arrives while it runs. */
  let stopRequests = 0
  let running: Promise<void> | undefined
  /** Per chain, the wake-up of its sleeping follow loop (a new head, or stop). */
  const wakers = new Map<number, () => void>()

  /** Sleeps until `ms` pass, a new head or `stop()`; at once when a stop came during the last step. */
  const sleep = (chainId: number, ms: number) =>
    new Promise<void>((resolve) => {
      if (stopped) return resolve()
      const timer = setTimeout(done, ms)
      function done() {
        clearTimeout(timer)
        wakers.delete(chainId)
        resolve()
      }
      wakers.set(chainId, done)
    })

  const syncer = (chainId: number) => {
    const found = syncers.get(chainId)
    if (!found) throw new IndexerError(`Chain ${chainId} is not configured in this indexer.`)
    return found
  }

  /** Steps in flight: `stop()` lets them commit (under the lock) before it releases the lock. */
  const inFlight = new Set<Promise<unknown>>()
  const tracked = <T>(promise: Promise<T>): Promise<T> => {
    inFlight.add(promise)
    const settle = () => inFlight.delete(promise)
    promise.then(settle, settle)
    return promise
  }

  async function step(chainId: number, options?: StepOptions): Promise<StepResult> {
    await lease.acquire()
    lease.assertHeld()
    const result = await tracked(syncer(chainId).step(options))
    if (result.kind === 'reorg') {
      logger.warn(
        { chain_id: chainId, ancestor: result.ancestor, blocks_removed: result.blocksRemoved },
        'reorg rolled back',
      )
    } else if (result.kind === 'reindex') {
      logger.error(
        { chain_id: chainId, finalized_block: result.finalizedBlock, blocks_removed: result.blocksRemoved },
        'reorg deeper than finality: chain reset, indexing it again from its start block',
      )
    }
    return result
  }

  /**
   * Readers see a block only once the store's cut in time has passed it, i.e. once every chain's
   * clock is past its timestamp (`getChainHeads`): steps every chain again, as clocks move with the
   * wall clock, until each is served at its tip. Bounded: a chain whose clock cannot move (one with
   * no recorded clock takes no part in the cut) never holds it long.
   */
  async function untilServed(shouldStop: () => boolean) {
    const chainIds = chains.map((c) => c.chainId)
    for (let waited = 0; waited <= maxServeWaitMs; waited += servePollMs) {
      if (shouldStop()) return
      const heads = await store.getChainHeads({ chainIds })
      if (heads.every((h) => h.served?.hash === h.tip?.hash)) return
      await new Promise((resolve) => setTimeout(resolve, servePollMs))
      await Promise.all(chainIds.map((chainId) => step(chainId, { shouldStop })))
    }
  }

  async function follow(chain: IndexerChain) {
    const { chainId } = chain
    let backoff = pollingIntervalMs
    // New heads wake the loop at once; the poll stays as the fallback if the subscription drops.
    const unwatch = chain.watchHeads?.(() => wakers.get(chainId)?.())
    const shouldStop = () => stopped
    try {
      while (!stopped) {
        try {
          const result = await step(chainId, { shouldStop })
          backoff = pollingIntervalMs
          if (result.kind === 'idle') await sleep(chainId, pollingIntervalMs)
        } catch (error) {
          if (error instanceof WriterLockLostError) {
            // Another indexer writes this chain now: this one stops rather than retry forever.
            logger.error({ chain_id: chainId, err: error }, 'writer lock lost; stopping')
            lost ??= error
            void stop()
            continue
          }
          const status = syncer(chainId).status()
          logger.error(
            { chain_id: chainId, err: error, consecutive_errors: status.consecutiveErrors },
            'sync step failed; backing off',
          )
          await sleep(chainId, backoff)
          backoff = Math.min(backoff * 2, maxBackoffMs)
        }
      }
    } finally {
      unwatch?.()
    }
  }

  return {
    step,
    async run() {
      await lease.acquire()
      stopped = false
      running = Promise.all(chains.map((c) => follow(c))).then(() => {})
      await running
    },
    async syncToHead(only) {
      const chainIds = only ?? chains.map((c) => c.chainId)
      await lease.acquire()
      const requests = stopRequests
      const shouldStop = () => stopRequests !== requests
      await Promise.all(
        chainIds.map(async (chainId) => {
          const target = await tracked(syncer(chainId).step({ shouldStop })).then(
            () => syncer(chainId).status().headBlock,
          )
          for (;;) {
            if (shouldStop()) return
            const status = syncer(chainId).status()
            if (status.indexedBlock !== null && target !== null && status.indexedBlock >= target) return
            await step(chainId, { shouldStop })
          }
        }),
      )
      // Only a sync of every chain can wait for the cut: it is held by the lowest chain clock.
      if (only === undefined) await untilServed(shouldStop)
    },
    async readWallets(wallets) {
      return Promise.all(
        [...syncers.values()].map(async (s) => {
          try {
            for (let attempt = 0; attempt < 3; attempt++) {
              const result = await s.readWallets(wallets)
              if (result.kind === 'read') return { chainId: s.chainId, blockNumber: result.blockNumber }
              if (result.kind === 'no-tip') break
            }
          } catch (error) {
            logger.warn(
              { chain_id: s.chainId, err: error, wallets: wallets.length },
              'tip read of new wallets failed',
            )
          }
          return { chainId: s.chainId, blockNumber: null }
        }),
      )
    },
    status() {
      const nowSeconds = now() / 1000
      return [...syncers.values()].map((s) => {
        const status = s.status()
        const maxLagSeconds = maxLag.get(status.chainId) ?? defaultMaxLagSeconds
        const { ageSeconds, stale, reasons } = assessChainFreshness({
          now: nowSeconds,
          maxLagSeconds,
          indexedTimestamp: status.indexedTimestamp,
          sync: status,
        })
        return { ...status, maxLagSeconds, ageSeconds, stale, staleReasons: reasons }
      })
    },
    stop,
    leaseLost: () => lost,
  }

  async function stop() {
    stopped = true
    stopRequests++
    for (const wake of [...wakers.values()]) wake()
    await running
    await Promise.allSettled([...inFlight])
    await lease.release().catch((error: unknown) => logger.warn({ err: error }, 'writer lock release failed'))
  }
}
