import type Database from 'better-sqlite3'
import { readClock } from '../../actions/chain-clocks.js'
import { getChains } from '../../actions/chains.js'
import { readTip } from '../../actions/get-tip.js'
import type { StoreError } from '../../errors.js'
import type { Hash } from '../../types.js'
import type { SqliteDatabase } from './open-database.js'

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
/** Stops this watch (the last one stopped stops the polling). */
export type WatchBlocksReturnType = () => void

/** Parameters of {@link createBlockWatcher}. */
export type CreateBlockWatcherParameters = {
  db: SqliteDatabase
  sqlite: Database.Database
  /** Time between two looks, ms. */
  intervalMs: number
  /** Turns a driver error into the store's error (busy → retryable). */
  toError: (error: unknown) => StoreError
}

/**
 * Watches the SQLite file for blocks committed by other connections (another process's indexer):
 * while at least one watch is open, it reads `PRAGMA data_version` every `intervalMs` (a counter
 * in the connection's memory, no table read, that moves only when another connection commits), and
 * only when it moved reads every chain's tip and clock and reports those that changed. No watch, no timer.
 * Commits of this connection are not seen (in one process the indexer reports its own blocks).
 *
 * @example
 * const watcher = createBlockWatcher({ db, sqlite, intervalMs: 500, toError })
 * const stop = watcher.watch({ onBlock: ({ chainId, blockNumber }) => console.log(chainId, blockNumber) })
 */
export function createBlockWatcher(parameters: CreateBlockWatcherParameters) {
  const { db, sqlite, intervalMs, toError } = parameters
  const watches = new Set<WatchBlocksParameters>()
  let timer: ReturnType<typeof setInterval> | undefined
  let version: number | undefined
  /** Each chain's tip and clock at the last look, `number:hash:clock` ('' without blocks). */
  let tips = new Map<number, string>()

  const readTips = () =>
    db.transaction((tx) => {
      const next = new Map<number, { key: string; block: BlockCommitted }>()
      for (const { chainId } of getChains(tx)) {
        const tip = readTip(tx, chainId)
        next.set(chainId, {
          key: tip ? `${tip.number}:${tip.hash}:${readClock(tx, chainId)}` : '',
          block: { chainId, blockNumber: tip?.number ?? null, hash: tip?.hash ?? null },
        })
      }
      return next
    })

  const keys = (read: ReturnType<typeof readTips>) =>
    new Map([...read].map(([chainId, { key }]) => [chainId, key]))

  const look = () => {
    let moved: BlockCommitted[]
    try {
      const current = Number(sqlite.pragma('data_version', { simple: true }))
      if (current === version) return
      const next = readTips()
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
        try {
          version = Number(sqlite.pragma('data_version', { simple: true }))
          tips = keys(readTips())
        } catch (error) {
          // The first look reads them instead (every chain then reports its tip once).
          version = undefined
          watch.onError?.(toError(error))
        }
        timer = setInterval(look, intervalMs)
        timer.unref()
      }
      return () => {
        if (!watches.delete(watch) || watches.size > 0) return
        clearInterval(timer)
        timer = undefined
      }
    },
    /** Stops every watch (the store is closing). */
    close() {
      watches.clear()
      clearInterval(timer)
      timer = undefined
    },
  }
}
