import { readClock } from '../actions/chain-clocks.js'
import { getChains } from '../actions/chains.js'
import { readTip } from '../actions/get-tip.js'
import type { StoreExecutor } from '../dialect/executor.js'
import type { StoreError } from '../errors.js'
import type { Hash } from '../types.js'

/**
 * A chain's stored tip moved (a block was committed, or a reorg or reset changed the tip), or its
 * clock did (readers' cut in time may move with no new block: see `getChainHeads`).
 */
export type BlockCommitted = {
  chainId: number
  /** The chain's new tip, or null when its blocks were all removed (a reset). */
  blockNumber: number | null
  hash: Hash | null
}

/** Parameters of `store.watchBlocks`. */
export type WatchBlocksParameters = {
  /** Called once per chain whose tip or clock moved since the last look, in chain-id order. */
  onBlock: (block: BlockCommitted) => void
  /** A look that failed (e.g. the database stayed busy); the next one tries again. */
  onError?: ((error: StoreError) => void) | undefined
}
/**
 * Stops this watch (the last one stopped stops the polling). `ready` resolves once the watch's
 * starting point (every chain's tip and clock) is read: commits after it are reported, commits
 * racing it may be reported only with the chain's next change.
 */
export type WatchBlocksReturnType = (() => void) & { ready: Promise<void> }

/** Parameters of {@link createBlockWatcher}. */
export type CreateBlockWatcherParameters = {
  db: StoreExecutor
  /**
   * A counter that moves when another connection commits (SQLite's `PRAGMA data_version`), read
   * before the tips: unchanged, the tips are not read. Without one every look reads the tips.
   */
  version?: (() => number) | undefined
  /** Time between two looks, ms. */
  intervalMs: number
  /** Turns a driver error into the store's error (busy → retryable). */
  toError: (error: unknown) => StoreError
}

/**
 * Watches the database for blocks committed by other connections (another process's indexer):
 * while at least one watch is open, it looks every `intervalMs`. On SQLite a look reads `PRAGMA
 * data_version` (a counter in the connection's memory, no table read, that moves only when another
 * connection commits) and only when it moved reads every chain's tip; on PostgreSQL it reads the
 * tips (one small snapshot; LISTEN/NOTIFY would replace the polling). It reports the chains whose tip
 * or clock changed. No watch, no timer. On SQLite commits of this connection are not seen (in one process the
 * indexer reports its own blocks).
 *
 * @example
 * const watcher = createBlockWatcher({ db, version: () => sqlite.pragma('data_version', { simple: true }), intervalMs: 500, toError })
 * const stop = watcher.watch({ onBlock: ({ chainId, blockNumber }) => console.log(chainId, blockNumber) })
 */
export function createBlockWatcher(parameters: CreateBlockWatcherParameters) {
  const { db, version: readVersion, intervalMs, toError } = parameters
  const watches = new Set<WatchBlocksParameters>()
  let timer: ReturnType<typeof setInterval> | undefined
  let version: number | undefined
  /** Each chain's tip and clock at the last look, `number:hash:clock` ('' without blocks). */
  let tips = new Map<number, string>()

  const readTips = () =>
    db.exclusive(() =>
      db.read(async (tx) => {
        const next = new Map<number, { key: string; block: BlockCommitted }>()
        for (const { chainId } of await getChains(tx)) {
          const tip = await readTip(tx, chainId)
          next.set(chainId, {
            key: tip ? `${tip.number}:${tip.hash}:${await readClock(tx, chainId)}` : '',
            block: { chainId, blockNumber: tip?.number ?? null, hash: tip?.hash ?? null },
          })
        }
        return next
      }),
    )

  const keys = (read: Awaited<ReturnType<typeof readTips>>) =>
    new Map([...read].map(([chainId, { key }]) => [chainId, key]))

  let looking = false
  let baseline: Promise<void> = Promise.resolve()
  const look = async () => {
    // A look slower than the interval (a busy database) is not run twice at once.
    if (looking) return
    looking = true
    try {
      await lookOnce()
    } finally {
      looking = false
    }
  }
  const lookOnce = async () => {
    let moved: BlockCommitted[]
    try {
      const current = readVersion?.()
      if (current !== undefined && current === version) return
      const next = await readTips()
      // Set after the read: a look that failed reads the tips again next time.
      version = current
      moved = [...next].filter(([chainId, { key }]) => tips.get(chainId) !== key).map(([, t]) => t.block)
      tips = keys(next)
    } catch (error) {
      const failure = toError(error)
      for (const watch of [...watches]) watch.onError?.(failure)
      return
    }
    for (const block of moved) for (const watch of [...watches]) watch.onBlock(block)
  }

  return {
    watch(watch: WatchBlocksParameters): WatchBlocksReturnType {
      const first = watches.size === 0
      watches.add(watch)
      if (first) {
        // The tips as they are now: only later commits are reported.
        version = undefined
        tips = new Map()
        let ready = false
        // The tips as they are now (read before the first look), so only later commits are reported.
        baseline = (async () => {
          try {
            const current = readVersion?.()
            const read = await readTips()
            version = current
            tips = keys(read)
          } catch (error) {
            // The first look reads them instead (every chain then reports its tip once).
            version = undefined
            watch.onError?.(toError(error))
          }
          ready = true
        })()
        timer = setInterval(() => {
          if (ready) void look()
        }, intervalMs)
        timer.unref()
      }
      const stop = () => {
        if (!watches.delete(watch) || watches.size > 0) return
        clearInterval(timer)
        timer = undefined
      }
      return Object.assign(stop, { ready: baseline })
    },
    /** Stops every watch (the store is closing). */
    close() {
      watches.clear()
      clearInterval(timer)
      timer = undefined
    },
  }
}
