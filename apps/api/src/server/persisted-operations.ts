import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { ApiSettingsError } from '../errors.js'

/** Persisted operations by id: the sha256 (hex) of each document. */
export type PersistedOperations = Readonly<Record<string, string>>

/**
 * Reads a persisted-operations file, `{ "<sha256 of the document>": "<document>" }` (the format of
 * GraphQL Codegen's `persisted-documents.json` with sha256 hashes). Every id must be the sha256 of its
 * document: a file that does not hold what it claims is an {@link ApiSettingsError}, as is a missing
 * or malformed file.
 *
 * @example
 * const operations = readPersistedOperations('/srv/xmargin/persisted-operations.json')
 * createApiServer({ store, chains, persistedOperations: { operations, only: true } })
 */
export function readPersistedOperations(file: string): PersistedOperations {
  let parsed: unknown
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'))
  } catch (cause) {
    throw new ApiSettingsError(`Persisted operations ${file}: not a readable JSON file.`, { cause })
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new ApiSettingsError(`Persisted operations ${file}: expected { "<sha256>": "<document>" }.`)
  const operations: Record<string, string> = {}
  for (const [id, document] of Object.entries(parsed)) {
    if (typeof document !== 'string')
      throw new ApiSettingsError(
        `Persisted operations ${file}: the value of ${id.slice(0, 80)} is not a document.`,
      )
    const sha256 = createHash('sha256').update(document).digest('hex')
    if (id !== sha256)
      throw new ApiSettingsError(
        `Persisted operations ${file}: id ${id.slice(0, 80)} is not the sha256 of its document (${sha256}).`,
      )
    operations[id] = document
  }
  return operations
}
