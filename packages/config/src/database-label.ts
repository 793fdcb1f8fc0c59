import type { ResolvedDatabase } from './resolved-config.js'

/**
 * How a database is shown in logs and `--dry-run` output: the SQLite path, or the PostgreSQL URL with
 * its password replaced by `***`.
 *
 * @example
 * databaseLabel({ dialect: 'postgresql', url: 'postgres://x:secret@db:5432/xmargin' }) // 'postgres://x:***@db:5432/xmargin'
 */
export function databaseLabel(database: ResolvedDatabase): string {
  if (database.dialect === 'sqlite') return database.path
  const url = new URL(database.url)
  if (url.password) url.password = '***'
  return url.toString()
}
