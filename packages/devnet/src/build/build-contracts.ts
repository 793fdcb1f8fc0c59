/**
 * `pnpm --filter @xmargin/devnet build`: compiles the project's contracts ahead of time (the same
 * step `loadProjectArtifact` runs on demand). Exits 1 with solc's messages on a compile error.
 */
import { ensureContractsCompiled } from './compile-contracts.js'

try {
  ensureContractsCompiled()
} catch (error) {
  const details = error instanceof Error && 'details' in error ? String(error.details) : ''
  console.error(details)
  console.error(error instanceof Error ? error.message : String(error))
  process.exit(1)
}
