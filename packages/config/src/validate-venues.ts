import { type Address, isAddress, isHex } from 'viem'
import type { AaveV3Config, MorphoBlueConfig, OptionsConfig, PerpV2Config } from './define-config.js'

/** Parameters of {@link validateVenues}. */
export type ValidateVenuesParameters = {
  /** The chain's `venues` value as loaded (anything). */
  venues: unknown
  /** Risk-parameter asset symbols (unknown until the risk overrides are valid). */
  knownAssets: ReadonlySet<string> | undefined
  /** Records a problem at a key relative to the chain (`venues.perpV2.vault`). */
  issue: (path: string, message: string) => void
}
/** Return type of {@link validateVenues}: each venue named in the config (meaningful only without issues). */
export type ValidateVenuesReturnType = {
  aaveV3: AaveV3Config | undefined
  morphoBlue: MorphoBlueConfig | undefined
  perpV2: PerpV2Config | undefined
  options: OptionsConfig | undefined
}

type Obj = Record<string, unknown>
type Issue = ValidateVenuesParameters['issue']
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isAddr = (value: unknown): value is Address =>
  typeof value === 'string' && isAddress(value, { strict: false })
const venueKeys = ['aaveV3', 'morphoBlue', 'perpV2', 'options']

/**
 * Validates a chain's `venues`: every address a named venue needs (a missing one is an issue
 * naming its key, e.g. `venues.perpV2.exchange: not an address`), Morpho markets' LLTVs, at least
 * one Perp v2 market and one options underlying, their symbols known to the risk parameters, the
 * options venue's `bytes32` keys and its volatility feeds (a listed underlying, an expiry, a feed).
 * Unknown venue names are issues too.
 *
 * @example
 * const venues = validateVenues({ venues: chain.venues, knownAssets, issue: (path, message) => issues.push({ path: `chains.base.${path}`, message }) })
 */
export function validateVenues(parameters: ValidateVenuesParameters): ValidateVenuesReturnType {
  const { venues, knownAssets, issue } = parameters
  if (venues === undefined)
    return { aaveV3: undefined, morphoBlue: undefined, perpV2: undefined, options: undefined }
  if (!isObject(venues)) {
    issue('venues', `must be an object with any of ${venueKeys.join(', ')}`)
    return { aaveV3: undefined, morphoBlue: undefined, perpV2: undefined, options: undefined }
  }
  for (const key of Object.keys(venues))
    if (!venueKeys.includes(key))
      issue(`venues.${key}`, `unknown venue (expected one of ${venueKeys.join(', ')})`)
  const symbol = (path: string, name: string) => {
    if (knownAssets && !knownAssets.has(name))
      issue(path, `unknown asset "${name}": add it under risk.assets`)
  }
  return {
    aaveV3: aaveV3(venues.aaveV3, issue),
    morphoBlue: morphoBlue(venues.morphoBlue, issue),
    perpV2: perpV2(venues.perpV2, issue, symbol),
    options: options(venues.options, issue, symbol),
  }
}

/** Each of `keys` must be an address in `value` (`optional` ones only when present). */
function addresses(
  value: Obj,
  at: string,
  keys: readonly string[],
  issue: Issue,
  optional: readonly string[] = [],
) {
  for (const key of keys)
    if ((!optional.includes(key) || value[key] !== undefined) && !isAddr(value[key]))
      issue(
        `${at}.${key}`,
        value[key] === undefined ? 'missing address' : `not an address: ${String(value[key])}`,
      )
}

function aaveV3(aave: unknown, issue: Issue): AaveV3Config | undefined {
  if (aave === undefined) return undefined
  if (!isObject(aave)) issue('venues.aaveV3', 'must be { pool, oracle }')
  else addresses(aave, 'venues.aaveV3', ['pool', 'oracle', 'dataProvider'], issue, ['dataProvider'])
  return aave as AaveV3Config
}

function morphoBlue(morpho: unknown, issue: Issue): MorphoBlueConfig | undefined {
  if (morpho === undefined) return undefined
  if (!isObject(morpho)) issue('venues.morphoBlue', 'must be { morpho, markets }')
  else {
    addresses(morpho, 'venues.morphoBlue', ['morpho'], issue)
    if (!Array.isArray(morpho.markets)) issue('venues.morphoBlue.markets', 'must be a list of markets')
    else
      morpho.markets.forEach((m: unknown, i) => {
        const path = `venues.morphoBlue.markets[${i}]`
        if (!isObject(m)) {
          issue(path, 'must be { loanToken, collateralToken, oracle, irm, lltv }')
          return
        }
        addresses(m, path, ['loanToken', 'collateralToken', 'oracle', 'irm'], issue)
        if (typeof m.lltv !== 'bigint' || m.lltv <= 0n || m.lltv >= 10n ** 18n)
          issue(`${path}.lltv`, 'must be a bigint below 1e18 (e.g. 860000000000000000n)')
      })
  }
  return morpho as MorphoBlueConfig
}

function perpV2(
  perp: unknown,
  issue: Issue,
  symbol: (path: string, name: string) => void,
): PerpV2Config | undefined {
  if (perp === undefined) return undefined
  const at = 'venues.perpV2'
  if (!isObject(perp)) {
    issue(at, 'must be { clearingHouse, vault, accountBalance, exchange, markets }')
    return undefined
  }
  addresses(perp, at, ['clearingHouse', 'vault', 'accountBalance', 'exchange'], issue)
  const markets = perp.markets
  if (!isObject(markets) || Object.keys(markets).length === 0)
    issue(`${at}.markets`, "needs at least one market, e.g. { ETH: { baseToken: '0x…' } }")
  else
    for (const [name, market] of Object.entries(markets)) {
      symbol(`${at}.markets.${name}`, name)
      if (!isObject(market)) issue(`${at}.markets.${name}`, 'must be { baseToken }')
      else addresses(market, `${at}.markets.${name}`, ['baseToken'], issue)
    }
  return perp as PerpV2Config
}

function options(
  venue: unknown,
  issue: Issue,
  symbol: (path: string, name: string) => void,
): OptionsConfig | undefined {
  if (venue === undefined) return undefined
  const at = 'venues.options'
  if (!isObject(venue)) {
    issue(at, 'must be { venue, underlyings }')
    return undefined
  }
  addresses(venue, at, ['venue'], issue)
  const underlyings = venue.underlyings
  if (!isObject(underlyings) || Object.keys(underlyings).length === 0)
    issue(`${at}.underlyings`, "needs at least one underlying, e.g. { ETH: { key: '0x4554…' } }")
  else
    for (const [name, underlying] of Object.entries(underlyings)) {
      symbol(`${at}.underlyings.${name}`, name)
      if (!isObject(underlying) || !isHex(underlying.key, { strict: true }) || underlying.key.length !== 66)
        issue(`${at}.underlyings.${name}.key`, "must be the venue's bytes32 key (0x + 64 hex digits)")
    }
  const feeds = venue.volatilityFeeds
  if (feeds !== undefined && !Array.isArray(feeds))
    issue(`${at}.volatilityFeeds`, 'must be a list of { underlying, expiry, feed }')
  else
    feeds?.forEach((feed: unknown, i) => {
      const path = `${at}.volatilityFeeds[${i}]`
      if (!isObject(feed)) {
        issue(path, 'must be { underlying, expiry, feed }')
        return
      }
      if (typeof feed.underlying !== 'string' || !isObject(underlyings) || !(feed.underlying in underlyings))
        issue(`${path}.underlying`, `must be one of the venue's underlyings: ${String(feed.underlying)}`)
      if (!(typeof feed.expiry === 'number' && Number.isSafeInteger(feed.expiry) && feed.expiry > 0))
        issue(`${path}.expiry`, 'must be the expiry in unix seconds')
      addresses(feed, path, ['feed'], issue)
    })
  return venue as OptionsConfig
}
