import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultRiskParameters } from '@xmargin/core'
import { afterEach, describe, expect, it } from 'vitest'
import { CliError, exitCodes } from '../src/errors.js'
import { devRiskParameters, devSettingsPath, readDevSettings } from '../src/runtime/dev-price-age.js'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

/** A manifest path in a fresh directory, with `settings` written beside it as the dev's settings file. */
function manifestWithSettings(settings: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'xmargin-dev-settings-'))
  dirs.push(dir)
  const manifestPath = join(dir, 'devnet.json')
  if (settings !== undefined) writeFileSync(devSettingsPath(manifestPath), settings)
  return manifestPath
}

function errorOf(run: () => unknown): CliError {
  try {
    run()
  } catch (error) {
    if (error instanceof CliError) return error
    throw error
  }
  throw new Error('expected a CliError')
}

describe('readDevSettings()', () => {
  it('reads the price-age limit the running dev wrote', () => {
    const manifestPath = manifestWithSettings('{ "maxPriceAge": 30 }')
    expect(readDevSettings(devSettingsPath(manifestPath))).toEqual({ maxPriceAge: 30 })
    expect(devRiskParameters(manifestPath).maxPriceAge).toEqual({
      ...defaultRiskParameters.maxPriceAge,
      all: 30,
    })
  })

  it('uses the default risk parameters when no dev wrote settings', () => {
    expect(devRiskParameters(manifestWithSettings(undefined))).toBe(defaultRiskParameters)
  })

  it.each([
    ['not JSON', 'maxPriceAge: 30', /is not JSON/],
    ['a list', '[30]', /is not a JSON object/],
    ['null', 'null', /is not a JSON object/],
    ['a string limit', '{ "maxPriceAge": "30" }', /has no valid maxPriceAge/],
    ['a zero limit', '{ "maxPriceAge": 0 }', /has no valid maxPriceAge/],
    ['no limit', '{ "heartbeat": 15 }', /has no valid maxPriceAge/],
  ])(
    'refuses a settings file that is %s with a CliError naming it (exit 4), never a cast',
    (_, text, message) => {
      const manifestPath = manifestWithSettings(text)
      const error = errorOf(() => devRiskParameters(manifestPath))
      expect(error.shortMessage).toMatch(message)
      expect(error.shortMessage).toContain(devSettingsPath(manifestPath))
      expect(error.exitCode).toBe(exitCodes.unavailable)
    },
  )
})
