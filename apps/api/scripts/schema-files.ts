/**
 * The files generated from the Pothos-built schema and committed: the SDL (`apps/api/schema.graphql`)
 * and the introspection type gql.tada infers the client documents' result and variable types from
 * (`apps/api/src/graphql/graphql-env.d.ts`). `pnpm --filter @xmargin/api schema` writes them;
 * test/schema-files.test.ts fails when a committed copy differs from what the schema prints.
 */
import { fileURLToPath } from 'node:url'
import { minifyIntrospection, outputIntrospectionFile } from '@gql.tada/internal'
import {
  buildSchema as buildSdlSchema,
  introspectionFromSchema,
  lexicographicSortSchema,
  printSchema,
} from 'graphql'
import { buildSchema } from '../src/schema/build-schema.js'

/** The command that rewrites the generated files, for error messages. */
export const regenerateCommand = 'pnpm --filter @xmargin/api schema'

/** One generated file: where it lives and what it must contain. */
export type SchemaFile = { path: string; contents: string }

/**
 * The SDL of the API schema, types and fields sorted lexicographically so the file is stable
 * whatever order the schema files add their types in.
 *
 * @example
 * const sdl = printApiSdl() // 'type Query {\n  ...'
 */
export function printApiSdl(): string {
  return `${printSchema(lexicographicSortSchema(buildSchema()))}\n`
}

/**
 * The gql.tada introspection module for an SDL (read by `src/graphql/graphql.ts`).
 *
 * @example
 * const source = printIntrospectionModule(printApiSdl())
 */
export function printIntrospectionModule(sdl: string): string {
  const introspection = minifyIntrospection(introspectionFromSchema(buildSdlSchema(sdl)))
  return outputIntrospectionFile(introspection, { fileType: '.d.ts', shouldPreprocess: true })
}

/**
 * Every generated file with the contents the current schema gives it.
 *
 * @example
 * for (const file of schemaFiles()) writeFileSync(file.path, file.contents)
 */
export function schemaFiles(): SchemaFile[] {
  const sdl = printApiSdl()
  return [
    { path: fileURLToPath(new URL('../schema.graphql', import.meta.url)), contents: sdl },
    {
      path: fileURLToPath(new URL('../src/graphql/graphql-env.d.ts', import.meta.url)),
      contents: printIntrospectionModule(sdl),
    },
  ]
}
