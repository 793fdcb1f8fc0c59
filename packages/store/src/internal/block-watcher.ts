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
  /**
   * Hears committed tip and clock changes as they commit (PostgreSQL `LISTEN`, see
   * `StoreExecutor.listenChainChanges`): each one triggers a look, and nothing polls. Should the
   * listening connection fail, the watcher reports it (`onError`) and polls every `intervalMs` instead.
   */
  listen?: StoreExecutor['listenChainChanges']
  /** Time between two looks when polling, ms. */
  intervalMs: number
  /** Turns a driver error into the store's error (busy → retryable). */
  toError: (error: unknown) => StoreError
}

/**
 * Watches the database for blocks committed by other connections (another process's indexer) and
 * reports the chains whose tip or clock changed. On PostgreSQL it listens: every write that moves a
 * tip or a clock notifies (`NOTIFY xmargin_blocks` in its transaction, delivered as it commits), and
 * each notification makes the watcher read the tips once, so a commit is reported within a round
 * trip, with no polling. On SQLite it polls every `intervalMs`: a look reads `PRAGMA data_version`
 * (a counter in the connection's memory, no table read, that moves only when another connection
 * commits) and only when it moved reads every chain's tip. No watch, no timer and no listening
 * connection. On SQLite commits of this connection are not seen (in one process the indexer reports
 * its own blocks).
 *
 * @example
 * const watcher = createBlockWatcher({ db, version: () => sqlite.pragma('data_version', { simple: true }), intervalMs: 500, toError })
 * const stop = watcher.watch({ onBlock: ({ chainId, blockNumber }) => console.log(chainId, blockNumber) })
 */
export function createBlockWatcher(parameters: CreateBlockWatcherParameters) {
  const { db, version: readVersion, intervalMs, toError, listen } = parameters
  const watches = new Set<WatchBlocksParameters>()
  let timer: ReturnType<typeof setInterval> | undefined
  let version: number | undefined
  /** Each chain's tip and clock at the last look, `number:hash:clock` ('' without blocks). */
  let tips = new Map<number, string>()
  /** The starting point of the current watching is read: looks may run. */
  let ready = false
  /** Counts starts of watching: a listener that connects after its watching stopped is closed at once. */
  let generation = 0
  let unlisten: (() => Promise<void>) | undefined
  /** The current watching's starting-point read (`ready` of its watches). */
  let baseline: Promise<void> = Promise.resolve()

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

  const report = (error: StoreError) => {
    for (const watch of [...watches]) watch.onError?.(error)
  }

  let looking = false
  /** A change arrived during a look: look once more after it (a notification is never lost). */
  let again = false
  const look = async () => {
    // Looks never run twice at once; one asked for meanwhile runs after.
    if (looking) {
      again = true
      return
    }
    looking = true
    try {
      do {
        again = false
        await lookOnce()
      } while (again && watches.size > 0)
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
      report(toError(error))
      return
    }
    for (const block of moved) for (const watch of [...watches]) watch.onBlock(block)
  }

  const poll = () => {
    if (timer) return
    timer = setInterval(() => {
      if (ready) void look()
    }, intervalMs)
    timer.unref()
  }

  /** Starts listening (PostgreSQL), falling back to polling if that fails; resolves once listening or polling. */
  const startListening = async (listenFn: NonNullable<typeof listen>) => {
    const started = generation
    try {
      const stop = await listenFn({
        onChange: () => {
          // Before the starting point is read, the first look (after it) covers the change.
          if (ready) void look()
          else again = true
        },
        onError: (error) => {
          unlisten = undefined
          report(toError(error))
          if (watches.size > 0 && generation === started) poll()
        },
      })
      if (generation !== started || watches.size === 0) return void stop().catch(() => undefined)
      unlisten = stop
    } catch (error) {
      report(toError(error))
      poll()
    }
  }

  /** Stops at once; the promise (only while listening) resolves once the listening connection is closed. */
  const stopWatching = (): Promise<void> | undefined => {
    clearInterval(timer)
    timer = undefined
    ready = false
    generation++
    const stop = unlisten
    unlisten = undefined
    return stop?.().catch(() => undefined)
  }

  return {
    watch(watch: WatchBlocksParameters): WatchBlocksReturnType {
      const first = watches.size === 0
      watches.add(watch)
      if (first) {
        version = undefined
        tips = new Map()
        again = false
        const started = generation
        // Listen (or poll) first, then read the tips as they are now: only later commits are reported,
        // and none committed after the read is missed.
        baseline = (async () => {
          if (listen) await startListening(listen)
          else poll()
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
          if (generation !== started) return
          ready = true
          if (again) void look()
        })()
      }
      const stop = () => {
        if (!watches.delete(watch) || watches.size > 0) return
        void stopWatching()
      }
      return Object.assign(stop, { ready: baseline })
    },
    /**
     * Stops every watch at once (the store is closing); while listening, returns the promise of the
     * listening connection's close.
     */
    close(): Promise<void> | undefined {
      watches.clear()
      return stopWatching()
    },
  }
}
