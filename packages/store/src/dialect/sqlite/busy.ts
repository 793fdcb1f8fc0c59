/** True for SQLite's "database is busy/locked" errors (any extended code): the same call can succeed later. */
export function isBusyError(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined
  return code === 'SQLITE_BUSY' || code?.startsWith('SQLITE_BUSY_') === true || code === 'SQLITE_LOCKED'
}

export type RetryWhileBusyParameters<T> = {
  /** The synchronous SQLite work to (re)run. */
  run: () => T
  /** Give up (rethrow the busy error) once this much time has passed, ms. */
  timeoutMs: number
  /** Clock, unix ms. Default `Date.now`. */
  now?: (() => number) | undefined
}

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * Runs `run` and, while it fails with a busy error, runs it again after a short randomised back-off
 * (1 ms doubling to 50 ms), until `timeoutMs` has passed. For the few statements SQLite's own busy
 * handler does not cover: it returns SQLITE_BUSY at once instead of waiting when waiting could
 * deadlock, e.g. `journal_mode = WAL` on a fresh file (a read lock escalated to an exclusive one)
 * while another connection opens the same file. Non-busy errors are rethrown at once.
 *
 * @example
 * retryWhileBusy({ run: () => sqlite.pragma('journal_mode = WAL'), timeoutMs: 5_000 })
 */
export function retryWhileBusy<T>(parameters: RetryWhileBusyParameters<T>): T {
  const { run, timeoutMs, now = Date.now } = parameters
  const deadline = now() + timeoutMs
  for (let attempt = 0; ; attempt++) {
    try {
      return run()
    } catch (error) {
      if (!isBusyError(error) || now() >= deadline) throw error
      const backoff = Math.min(50, 2 ** attempt)
      // A synchronous sleep: opening a database is synchronous (better-sqlite3), and spinning would
      // steal the CPU from the very process holding the lock.
      Atomics.wait(sleeper, 0, 0, backoff / 2 + Math.random() * backoff)
    }
  }
}
