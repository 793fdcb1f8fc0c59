/**
 * The driver error's code (`SQLITE_BUSY`, PostgreSQL's SQLSTATE like `40001`), looking through drizzle's
 * `DrizzleQueryError` wrapper to its cause.
 *
 * @example
 * if (driverErrorCode(error) === '23503') { … foreign key … }
 */
export function driverErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; depth < 4; depth++) {
    if (typeof current !== 'object' || current === null) return undefined
    if ('code' in current && typeof current.code === 'string') return current.code
    current = 'cause' in current ? current.cause : undefined
  }
  return undefined
}
