import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { defaultRiskParameters } from '@xmargin/core'
import { contentHash } from '@xmargin/engine'
import { describe, expect, test } from 'vitest'

/**
 * The README's `xmargin calibrate`, `margin` and `stress` blocks name the static parameter set of
 * `xmargin dev` (the default risk parameters) by its id. The end-to-end test compares them with a
 * real run from a clone; this checks the id in seconds, so a change of the default parameters shows
 * here, where it was made, and not only in the fresh-clone run.
 */
const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8')
const staticId = contentHash({ model: 'static', parameters: defaultRiskParameters })

describe("the README's static parameter set", () => {
  test('is the id of the default risk parameters, in full and shortened', () => {
    const full = [...readme.matchAll(/Parameter set ([0-9a-f]{64}) \(static\)/g)].map((m) => m[1])
    const short = [...readme.matchAll(/Parameter set ([0-9a-f]{12})… \(static/g)].map((m) => m[1])
    expect(full.length).toBeGreaterThan(0)
    expect(short.length).toBeGreaterThan(0)
    expect(new Set(full)).toEqual(new Set([staticId]))
    expect(new Set(short)).toEqual(new Set([staticId.slice(0, 12)]))
  })
})
