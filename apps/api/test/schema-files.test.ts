import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { buildSchema as buildSdlSchema, validate } from 'graphql'
import { describe, expect, it } from 'vitest'
import { printApiSdl, regenerateCommand, schemaFiles } from '../scripts/schema-files.js'
import {
  backtestQueryDocument,
  calibrationQueryDocument,
  marginHistoryQueryDocument,
} from '../src/calibration-documents.js'
import { marginQueryDocument, stressQueryDocument } from '../src/report-document.js'
import { buildSchema } from '../src/schema/build-schema.js'

const read = (path: string) => {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return '(missing)'
  }
}

describe('committed schema files', () => {
  for (const file of schemaFiles())
    it(`${relative(process.cwd(), file.path)} is what the Pothos schema prints`, () => {
      // On a difference vitest prints the diff; the message says how to regenerate.
      expect(read(file.path), `out of date with the schema: run \`${regenerateCommand}\` and commit it`).toBe(
        file.contents,
      )
    })

  it('prints the SDL in a stable order, whatever order the types are added in', () => {
    expect(printApiSdl()).toBe(printApiSdl())
    const sdl = printApiSdl()
    const typeNames = [...sdl.matchAll(/^(?:type|input|enum|scalar|union|interface) (\w+)/gm)].map(
      (m) => m[1],
    )
    expect(typeNames).toEqual([...typeNames].sort())
  })

  it("keeps the CLI's documents valid against the built schema and the committed SDL", () => {
    const committed = buildSdlSchema(readFileSync(schemaFiles()[0]!.path, 'utf8'))
    for (const document of [
      marginQueryDocument,
      stressQueryDocument,
      calibrationQueryDocument,
      backtestQueryDocument,
      marginHistoryQueryDocument,
    ]) {
      expect(validate(buildSchema(), document)).toEqual([])
      expect(validate(committed, document)).toEqual([])
    }
  })
})
