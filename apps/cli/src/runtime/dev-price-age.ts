import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { defaultRiskParameters, type RiskParameters } from '@xmargin/core'
import { CliError, exitCodes } from '../errors.js'

/** The feed heartbeat of `xmargin dev` when neither `--heartbeat` nor `--max-price-age` is given. */
export const DEV_HEARTBEAT_SECONDS = 60

/** Parameters of {@link resolveDevPriceAge}. */
export type ResolveDevPriceAgeParameters = {
  /** `--max-price-age`: seconds after which every feed's price is stale; the risk parameters' own when omitted. */
  maxPriceAge?: number | undefined
  /** `--heartbeat`: seconds between feed refreshes (0: none). */
  heartbeat?: number | undefined
}
/** Return type of {@link resolveDevPriceAge}. */
export type ResolveDevPriceAgeReturnType = {
  riskParameters: RiskParameters
  /** `--max-price-age`, the limit of every feed; undefined: each feed's own (`priceAgeLimit`). */
  maxPriceAge: number | undefined
  heartbeat: number
}

/**
 * The price-age limit and feed heartbeat of `xmargin dev`. `--max-price-age` sets the engine's
 * `maxPriceAge.all`, one limit for every feed over their heartbeats and kinds (dev only; so `pnpm
 * stale` shows as `UNKNOWN`, `stale-price:…`, that many
 * seconds after the feed's last round); the heartbeat then defaults to a third of it (at most 60 s)
 * so live feeds do not go stale between two refreshes: a round is served up to a period plus one
 * beat plus the indexing of its block after the last, and on a busy machine the last two took 10 s
 * together, which left a heartbeat of half the limit (10 s of 20) no room. A heartbeat given explicitly that is not below
 * the limit is refused (exit 2): every feed would go stale between refreshes.
 *
 * @example
 * resolveDevPriceAge({ maxPriceAge: 30 }) // { maxPriceAge: 30, heartbeat: 10, riskParameters: { …, maxPriceAge: { byKind: { … }, bySource: {}, all: 30 } } }
 */
export function resolveDevPriceAge(parameters: ResolveDevPriceAgeParameters): ResolveDevPriceAgeReturnType {
  const { maxPriceAge } = parameters
  if (maxPriceAge === undefined)
    return {
      riskParameters: defaultRiskParameters,
      maxPriceAge: undefined,
      heartbeat: parameters.heartbeat ?? DEV_HEARTBEAT_SECONDS,
    }
  if (maxPriceAge < 2)
    throw new CliError(`--max-price-age ${maxPriceAge} is too short: give at least 2 seconds.`, {
      exitCode: exitCodes.usage,
    })
  const heartbeat =
    parameters.heartbeat ?? Math.min(DEV_HEARTBEAT_SECONDS, Math.max(1, Math.floor(maxPriceAge / 3)))
  if (heartbeat >= maxPriceAge)
    throw new CliError(`--heartbeat ${heartbeat} must be below --max-price-age ${maxPriceAge}.`, {
      details:
        'Otherwise every feed goes stale between two refreshes. Leave --heartbeat out to get a third of the limit.',
      exitCode: exitCodes.usage,
    })
  return { riskParameters: withMaxPriceAge(maxPriceAge), maxPriceAge, heartbeat }
}

/** What the running `xmargin dev` writes beside its manifest for `margin` and `stress` to read. */
export type DevSettings = { maxPriceAge: number }

/**
 * Where the running `xmargin dev` keeps its settings: beside the manifest (`.xmargin/devnet.json` →
 * `.xmargin/devnet.settings.json`), removed with it at shutdown.
 *
 * @example
 * devSettingsPath('.xmargin/devnet.json') // '.xmargin/devnet.settings.json'
 */
export function devSettingsPath(manifestPath: string): string {
  return `${manifestPath.replace(/\.json$/, '')}.settings.json`
}

/**
 * Writes the running dev's settings beside its manifest; returns the function that removes them.
 *
 * @example
 * cleanups.push(writeDevSettings(manifestPath, { maxPriceAge: 30 }))
 */
export function writeDevSettings(manifestPath: string, settings: DevSettings): () => void {
  const path = devSettingsPath(manifestPath)
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`)
  return () => rmSync(path, { force: true })
}

/**
 * The risk parameters `margin` and `stress` use over the running `xmargin dev` (no config): the
 * defaults with the dev's price-age limit, so they judge staleness exactly as its API does.
 *
 * @example
 * const riskParameters = devRiskParameters('.xmargin/devnet.json')
 */
export function devRiskParameters(manifestPath: string): RiskParameters {
  const path = devSettingsPath(manifestPath)
  if (!existsSync(path)) return defaultRiskParameters
  return withMaxPriceAge(readDevSettings(path).maxPriceAge)
}

/**
 * Reads the settings file a running `xmargin dev` wrote, checked rather than cast: a file that is
 * not JSON, or not an object whose `maxPriceAge` is a positive number of seconds, is a
 * {@link CliError} (exit 4: the running dev's state cannot be read) naming the file.
 *
 * @example
 * readDevSettings('.xmargin/devnet.settings.json') // { maxPriceAge: 30 }
 */
export function readDevSettings(path: string): DevSettings {
  const invalid = (problem: string, cause?: unknown) =>
    new CliError(`${path} ${problem}.`, {
      details: 'It is written by `xmargin dev`; restart it, or delete the file.',
      exitCode: exitCodes.unavailable,
      ...(cause === undefined ? {} : { cause }),
    })
  let settings: unknown
  try {
    settings = JSON.parse(readFileSync(path, 'utf8'))
  } catch (error) {
    throw invalid('is not JSON', error)
  }
  if (typeof settings !== 'object' || settings === null || Array.isArray(settings))
    throw invalid('is not a JSON object')
  const maxPriceAge = 'maxPriceAge' in settings ? settings.maxPriceAge : undefined
  if (typeof maxPriceAge !== 'number' || !(maxPriceAge > 0) || !Number.isFinite(maxPriceAge))
    throw invalid('has no valid maxPriceAge')
  return { maxPriceAge }
}

function withMaxPriceAge(seconds: number): RiskParameters {
  return { ...defaultRiskParameters, maxPriceAge: { ...defaultRiskParameters.maxPriceAge, all: seconds } }
}
