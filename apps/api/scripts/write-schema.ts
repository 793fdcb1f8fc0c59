/**
 * Writes the generated schema files (`schema.graphql`, `src/graphql/graphql-env.d.ts`) from the
 * Pothos-built schema. Run after changing a type or field: `pnpm --filter @xmargin/api schema`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, relative } from 'node:path'
import { schemaFiles } from './schema-files.js'

for (const file of schemaFiles()) {
  mkdirSync(dirname(file.path), { recursive: true })
  writeFileSync(file.path, file.contents)
  process.stdout.write(`wrote ${relative(process.cwd(), file.path)}\n`)
}
