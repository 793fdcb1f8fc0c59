import { type FeedKind, feedSourceId, type RiskParameters } from '@xmargin/core'
import type { ConfigIssue } from './errors.js'

/**
 * `risk.maxPriceAge` of a config: how old a price may be, in seconds, beside each token's feed
 * heartbeat (`heartbeatSeconds` on the token). Every key is optional and overrides the engine's
 * defaults; the one rule that applies them is `priceAgeLimit` in `@xmargin/core`.
 */
export type PriceAgeOverrides = {
  /** The limit of a feed whose token gives no heartbeat, by kind (defaults: crypto 3,900, stablecoin 86,700, volatility 3,900). */
  byKind?: Partial<Record<FeedKind, number>> | undefined
  /** The limit of one feed, by its id (`chainlink:` and the lowercased feed address); wins over its heartbeat. */
  bySource?: Readonly<Record<string, number>> | undefined
  /** The limit of a token's feed on every chain that lists the token (symbol); wins over its heartbeat. */
  byToken?: Readonly<Record<string, number>> | undefined
}

/** Parameters of {@link resolvePriceAge}. */
export type ResolvePriceAgeParameters = {
  overrides: unknown
  base: RiskParameters['maxPriceAge']
  /** Every token of the config's chains (symbol and feed), for `byToken`. */
  tokens: readonly { symbol: string; feed: string }[]
  issue: (issue: ConfigIssue) => void
}

const KEYS = ['byKind', 'bySource', 'byToken']
const KINDS: readonly FeedKind[] = ['crypto', 'stablecoin', 'volatility']

/**
 * Merges `risk.maxPriceAge` onto the defaults: `byKind` key by key, `bySource` as given, and
 * `byToken` turned into the `bySource` entries of that token's feeds. An unknown token symbol, kind
 * or key is an issue naming the known ones; `all` is refused (it is `xmargin dev --max-price-age`'s,
 * dev only); the former `default` names its replacement. Limits must be positive seconds.
 *
 * @example
 * resolvePriceAge({ overrides: { byToken: { USDC: 90_000 } }, base, tokens, issue }).bySource // { 'chainlink:0x8fff…': 90000 }
 */
export function resolvePriceAge(parameters: ResolvePriceAgeParameters): RiskParameters['maxPriceAge'] {
  const { overrides, base, tokens, issue } = parameters
  const at = 'risk.maxPriceAge'
  if (overrides === undefined) return base
  if (typeof overrides !== 'object' || overrides === null || Array.isArray(overrides)) {
    issue({ path: at, message: 'must be { byKind?, bySource?, byToken? }' })
    return base
  }
  const o = overrides as Record<string, unknown>
  for (const key of Object.keys(o)) {
    if (key === 'all')
      issue({
        path: `${at}.all`,
        message: 'one limit for every feed is for the devnet only (xmargin dev --max-price-age)',
      })
    else if (key === 'default')
      issue({
        path: `${at}.default`,
        message:
          'replaced by byKind: { crypto, stablecoin, volatility } and each token feed heartbeatSeconds',
      })
    else if (!KEYS.includes(key))
      issue({ path: `${at}.${key}`, message: `unknown key (expected ${KEYS.join(', ')})` })
  }
  const seconds = (group: string, value: unknown): Record<string, number> => {
    if (value === undefined) return {}
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issue({ path: `${at}.${group}`, message: 'must map names to seconds' })
      return {}
    }
    const out: Record<string, number> = {}
    for (const [name, age] of Object.entries(value)) {
      if (typeof age !== 'number' || !Number.isFinite(age) || age <= 0)
        issue({ path: `${at}.${group}.${name}`, message: 'must be a positive number of seconds' })
      else out[name] = age
    }
    return out
  }
  const byKind = seconds('byKind', o.byKind)
  for (const kind of Object.keys(byKind))
    if (!(KINDS as readonly string[]).includes(kind))
      issue({ path: `${at}.byKind.${kind}`, message: `unknown feed kind (expected ${KINDS.join(', ')})` })
  const bySource = { ...base.bySource, ...seconds('bySource', o.bySource) }
  const symbols = [...new Set(tokens.map((t) => t.symbol))].sort()
  for (const [symbol, age] of Object.entries(seconds('byToken', o.byToken))) {
    const feeds = tokens.filter((t) => t.symbol === symbol)
    if (feeds.length === 0)
      issue({
        path: `${at}.byToken.${symbol}`,
        message: `unknown token (the chains list ${symbols.join(', ')})`,
      })
    for (const { feed } of feeds) bySource[feedSourceId(feed)] = age
  }
  return { ...base, byKind: { ...base.byKind, ...byKind }, bySource }
}
