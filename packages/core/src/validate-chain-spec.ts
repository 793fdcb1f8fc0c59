import type { ChainSpec } from './chain-spec.js'
import { type ChainSpecIssue, InvalidChainSpecError } from './errors/chain-spec-errors.js'

/** Parameters of {@link chainSpecIssues}. */
export type ChainSpecIssuesParameters = {
  /** The candidate, e.g. one chain of a JSON file: nothing about it is assumed. */
  value: unknown
  /** Where it sits in its file, prefixed to every issue's path (`chains[0]`); `''` by default. */
  path?: string | undefined
}
/** Return type of {@link chainSpecIssues}: every issue found (empty when the value is a chain spec). */
export type ChainSpecIssuesReturnType = ChainSpecIssue[]

/** A rule on one value: what is wrong with it, or `undefined`. */
type Check = (value: unknown) => string | undefined
type Fields = Record<string, unknown>

const isRecord = (value: unknown): value is Fields =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
const isAddress = (value: unknown): boolean => typeof value === 'string' && /^0x[0-9a-fA-F]{40}$/.test(value)
const isBytes32 = (value: unknown): boolean => typeof value === 'string' && /^0x[0-9a-fA-F]{64}$/.test(value)
const isInteger = (value: unknown, min: number, max = Number.MAX_SAFE_INTEGER): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
const isName = (value: unknown): boolean => typeof value === 'string' && value !== ''

const address: Check = (v) => (isAddress(v) ? undefined : 'not an address (0x and 40 hex digits)')
const bytes32: Check = (v) => (isBytes32(v) ? undefined : 'not a bytes32 (0x and 64 hex digits)')
const name: Check = (v) => (isName(v) ? undefined : 'must be a non-empty string')
const decimals: Check = (v) => (isInteger(v, 0, 36) ? undefined : 'must be an integer 0-36')
const heartbeat: Check = (v) => (isInteger(v, 1) ? undefined : 'must be a positive whole number of seconds')

/**
 * Every way `value` differs from a {@link ChainSpec}, each with the path of the offending key: the
 * check a chain spec read from a file (the devnet's manifest, a generated config) passes before it
 * is used as one, so a file of another shape is an error naming the key, never a cast. Keys a
 * producer writes beyond the spec (a devnet pool's fee, a market's symbols) are left alone.
 *
 * @example
 * chainSpecIssues({ value: { chainId: 1, name: 'ethereum' }, path: 'chains[0]' })
 * // [{ path: 'chains[0].rpcUrl', message: 'must be an http(s) URL' }, …]
 */
export function chainSpecIssues(parameters: ChainSpecIssuesParameters): ChainSpecIssuesReturnType {
  const issues: ChainSpecIssue[] = []
  const at = (path: string, key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path === '' ? key : `${path}.${key}`
  const check = (path: string, value: unknown, rule: Check) => {
    const message = rule(value)
    if (message) issues.push({ path, message })
  }
  /** The object at `path`, or an issue and `undefined`. */
  const object = (path: string, value: unknown, what: string): Fields | undefined => {
    if (isRecord(value)) return value
    issues.push({ path: path === '' ? '(chain)' : path, message: `must be ${what}` })
    return undefined
  }
  const list = (path: string, value: unknown, item: (path: string, value: unknown) => void) => {
    if (!Array.isArray(value)) issues.push({ path, message: 'must be a list' })
    else
      value.forEach((entry, i) => {
        item(at(path, i), entry)
      })
  }
  const optional = (
    record: Fields,
    path: string,
    key: string,
    rule: (path: string, value: unknown) => void,
  ) => {
    if (record[key] !== undefined) rule(at(path, key), record[key])
  }

  const root = parameters.path ?? ''
  const spec = object(root, parameters.value, 'an object (a chain spec)')
  if (!spec) return issues
  check(at(root, 'chainId'), spec.chainId, (v) =>
    isInteger(v, 1) ? undefined : 'must be a positive integer',
  )
  check(at(root, 'name'), spec.name, name)
  check(at(root, 'rpcUrl'), spec.rpcUrl, (v) =>
    typeof v === 'string' && /^https?:\/\/\S+$/.test(v) && URL.canParse(v)
      ? undefined
      : 'must be an http(s) URL',
  )
  optional(spec, root, 'nativeCurrency', (path, value) => {
    const coin = object(path, value, '{ symbol, decimals, wrapped? }')
    if (!coin) return
    check(at(path, 'symbol'), coin.symbol, name)
    check(at(path, 'decimals'), coin.decimals, decimals)
    optional(coin, path, 'wrapped', (p, v) => check(p, v, name))
  })
  optional(spec, root, 'finality', (path, value) => {
    const finality = object(path, value, '{ finalityDepth, useFinalizedTag }')
    if (!finality) return
    check(at(path, 'finalityDepth'), finality.finalityDepth, (v) =>
      isInteger(v, 0) ? undefined : 'must be a block count',
    )
    check(at(path, 'useFinalizedTag'), finality.useFinalizedTag, (v) =>
      typeof v === 'boolean' ? undefined : 'must be true or false',
    )
  })
  const contractsPath = at(root, 'contracts')
  const contracts = object(contractsPath, spec.contracts, 'an object of contract addresses')
  if (contracts) {
    if (contracts.multicall3 === undefined)
      issues.push({ path: at(contractsPath, 'multicall3'), message: 'missing' })
    for (const [key, value] of Object.entries(contracts))
      if (value !== undefined) check(at(contractsPath, key), value, address)
  }
  list(at(root, 'tokens'), spec.tokens, (path, value) => {
    const token = object(path, value, '{ symbol, address, decimals, feed }')
    if (!token) return
    check(at(path, 'symbol'), token.symbol, name)
    check(at(path, 'address'), token.address, address)
    check(at(path, 'decimals'), token.decimals, decimals)
    check(at(path, 'feed'), token.feed, address)
    optional(token, path, 'wraps', (p, v) => check(p, v, name))
    optional(token, path, 'heartbeatSeconds', (p, v) => check(p, v, heartbeat))
  })
  for (const { index, key, message } of duplicateTokenIssues(spec.tokens))
    issues.push({ path: at(at(root, 'tokens'), index) + key, message })
  optional(spec, root, 'morphoMarkets', (path, value) =>
    list(path, value, (marketPath, entry) => {
      const market = object(marketPath, entry, '{ id, loanToken, collateralToken, oracle, irm, lltv }')
      if (!market) return
      check(at(marketPath, 'id'), market.id, bytes32)
      for (const key of ['loanToken', 'collateralToken', 'oracle', 'irm'])
        check(at(marketPath, key), market[key], address)
      check(at(marketPath, 'lltv'), market.lltv, (v) =>
        typeof v === 'string' && /^[0-9]+$/.test(v)
          ? undefined
          : 'must be a decimal integer string (1e18 = 100%)',
      )
    }),
  )
  optional(spec, root, 'uniswapV3Pools', (path, value) =>
    list(path, value, (poolPath, entry) => {
      const pool = object(poolPath, entry, '{ address, baseSymbol, quoteSymbol }')
      if (!pool) return
      check(at(poolPath, 'address'), pool.address, address)
      for (const key of ['baseSymbol', 'quoteSymbol']) {
        check(at(poolPath, key), pool[key], name)
        // a tokens key that is not a list is its own issue
        const symbols = Array.isArray(spec.tokens)
          ? spec.tokens.map((t) => (isRecord(t) ? t.symbol : undefined))
          : undefined
        if (symbols && typeof pool[key] === 'string' && !symbols.includes(pool[key]))
          issues.push({ path: at(poolPath, key), message: `not one of the chain's tokens` })
      }
    }),
  )
  optional(spec, root, 'venues', (path, value) => venueIssues(path, value))
  return issues

  function venueIssues(path: string, value: unknown): void {
    const venues = object(path, value, '{ options?, perp? }')
    if (!venues) return
    optional(venues, path, 'options', (optionsPath, options) => {
      const venue = object(optionsPath, options, '{ underlyings, volatilityFeeds? }')
      if (!venue) return
      const underlyingsPath = at(optionsPath, 'underlyings')
      const underlyings = object(underlyingsPath, venue.underlyings, 'an object of underlyings by symbol')
      for (const [symbol, underlying] of Object.entries(underlyings ?? {})) {
        const entry = object(at(underlyingsPath, symbol), underlying, '{ key }')
        if (entry) check(at(at(underlyingsPath, symbol), 'key'), entry.key, bytes32)
      }
      optional(venue, optionsPath, 'volatilityFeeds', (feedsPath, feeds) =>
        list(feedsPath, feeds, (feedPath, entry) => {
          const feed = object(feedPath, entry, '{ underlying, expiry, feed }')
          if (!feed) return
          check(at(feedPath, 'underlying'), feed.underlying, name)
          check(at(feedPath, 'expiry'), feed.expiry, (v) =>
            isInteger(v, 0) ? undefined : 'must be unix seconds',
          )
          check(at(feedPath, 'feed'), feed.feed, address)
          optional(feed, feedPath, 'heartbeatSeconds', (p, v) => check(p, v, heartbeat))
        }),
      )
    })
    optional(venues, path, 'perp', (perpPath, perp) => {
      const venue = object(perpPath, perp, '{ markets }')
      if (!venue) return
      const marketsPath = at(perpPath, 'markets')
      const markets = object(marketsPath, venue.markets, 'an object of markets by symbol')
      for (const [symbol, market] of Object.entries(markets ?? {})) {
        const marketPath = at(marketsPath, symbol)
        const entry = object(marketPath, market, '{ baseToken, pool? }')
        if (!entry) continue
        check(at(marketPath, 'baseToken'), entry.baseToken, address)
        optional(entry, marketPath, 'pool', (p, v) => check(p, v, address))
      }
    })
  }
}

/**
 * Whether `value` is a {@link ChainSpec}: {@link chainSpecIssues} finds nothing.
 *
 * @example
 * if (!isChainSpec(value)) throw new InvalidChainSpecError(chainSpecIssues({ value }))
 */
export function isChainSpec(value: unknown): value is ChainSpec {
  return chainSpecIssues({ value }).length === 0
}

/**
 * `value` as a {@link ChainSpec}, checked: an {@link InvalidChainSpecError} naming every issue when it
 * is not one.
 *
 * @example
 * const spec = parseChainSpec(JSON.parse(text).chains[0])
 */
export function parseChainSpec(value: unknown, path?: string): ChainSpec {
  if (!isChainSpec(value)) throw new InvalidChainSpecError(chainSpecIssues({ value, path }))
  return value
}

/**
 * Tokens of one chain that repeat another's symbol or address: a token is identified by (chain,
 * address), and its symbol is the risk-parameter asset its positions and prices carry on that chain,
 * so two tokens under one symbol would share one price (bridged USDC beside native USDC must be
 * `USDC.e`). Each issue names the earlier token.
 *
 * @example
 * duplicateTokenIssues([{ symbol: 'USDC', address: a }, { symbol: 'USDC', address: b }])
 * // [{ index: 1, key: '.symbol', message: 'USDC is also tokens[0] (0xa…): one symbol per token on a chain' }]
 */
export function duplicateTokenIssues(
  tokens: unknown,
): { index: number; key: '.symbol' | '.address'; message: string }[] {
  if (!Array.isArray(tokens)) return []
  const issues: { index: number; key: '.symbol' | '.address'; message: string }[] = []
  const symbols = new Map<string, number>()
  const addresses = new Map<string, number>()
  tokens.forEach((token: unknown, index) => {
    if (!isRecord(token)) return
    const { symbol, address } = token
    if (typeof symbol === 'string') {
      const first = symbols.get(symbol)
      if (first !== undefined)
        issues.push({
          index,
          key: '.symbol',
          message: `${symbol} is also tokens[${first}] (${String((tokens[first] as Fields).address)}): one symbol per token on a chain (its prices are keyed by it)`,
        })
      else symbols.set(symbol, index)
    }
    if (typeof address === 'string') {
      const first = addresses.get(address.toLowerCase())
      if (first !== undefined)
        issues.push({ index, key: '.address', message: `${address} is also tokens[${first}]` })
      else addresses.set(address.toLowerCase(), index)
    }
  })
  return issues
}
