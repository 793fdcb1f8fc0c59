import { dirname, isAbsolute, resolve } from 'node:path'
import { defaultChainFinality, duplicateTokenIssues, type UniswapV3PoolSpec } from '@xmargin/core'
import { type Address, isAddress } from 'viem'
import type { RiskOverrides, RpcUrls, TokenConfig } from './define-config.js'
import { ConfigError, type ConfigIssue } from './errors.js'
import { validateMarginSettings } from './margin-settings.js'
import { type PriceImpactConfig, resolvePriceImpact } from './price-impact.js'
import { resolveAutoTrack } from './resolve-auto-track.js'
import { resolvePriceAge } from './resolve-price-age.js'
import { resolveRiskParameters } from './resolve-risk-parameters.js'
import type { ResolvedChain, ResolvedConfig, ResolvedDatabase } from './resolved-config.js'
import { validateApiSettings, validateAttestationSettings } from './server-settings.js'
import { validateStoreSettings } from './store-settings.js'
import { validateVenues } from './validate-venues.js'

/** Parameters of {@link validateConfig}. */
export type ValidateConfigParameters = {
  /** The config module's default export. */
  config: unknown
  /** The file it came from, as the user named it (used in messages and to resolve relative paths). */
  file: string
  /** Folder `file` is relative to (relative database paths resolve beside the file). Default `process.cwd()`. */
  cwd?: string | undefined
  /** Environment (for `XMARGIN_ADMIN_KEY`, held to the rule of `api.adminKey`). Default `process.env`. */
  env?: Readonly<Record<string, string | undefined>> | undefined
}
/** Return type of {@link validateConfig}. */
export type ValidateConfigReturnType = ResolvedConfig

const MULTICALL3: Address = '0xcA11bde05977b3631167028862bE2a173976CA11'
const topLevelKeys = [
  'chains',
  'risk',
  'margin',
  'priceImpact',
  'wallets',
  'accounts',
  'database',
  'store',
  'api',
  'attestation',
]

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/**
 * Validates a loaded config and applies the defaults. Every problem is collected with its dotted
 * key; the thrown {@link ConfigError} names the file and the first key (all of them in `issues`).
 * Checks: chains with an id and at least one http(s)/ws(s) RPC URL, an optional ws(s) URL for new
 * heads, addresses, token symbols known to the risk parameters (unknown asset), the venues
 * (`validateVenues`: every address a named venue needs, Perp v2 markets, options underlyings), the risk overrides
 * through `defineRiskParameters` (e.g. a correlation matrix that is not positive semi-definite),
 * the `margin` model and its calibration settings (`validateMarginSettings`), and no secret where it
 * must not be.
 *
 * @example
 * const config = validateConfig({ config: (await import('./xmargin.config.ts')).default, file: 'xmargin.config.ts' })
 */
export function validateConfig(parameters: ValidateConfigParameters): ValidateConfigReturnType {
  const { config, file } = parameters
  const env = parameters.env ?? process.env
  const issues: ConfigIssue[] = []
  const issue = (path: string, message: string) => issues.push({ path, message })
  if (!isObject(config))
    throw new ConfigError(file, [{ path: 'default', message: 'export default defineConfig({ … })' }])
  for (const key of Object.keys(config))
    if (!topLevelKeys.includes(key)) issue(key, `unknown key (expected one of ${topLevelKeys.join(', ')})`)

  const risk = resolveRiskParameters(config.risk as RiskOverrides | undefined)
  if (!risk.ok) issues.push(...risk.issues)
  const knownAssets = risk.ok ? new Set(Object.keys(risk.riskParameters.assets)) : undefined
  const impact = risk.ok
    ? resolvePriceImpact(config.priceImpact as PriceImpactConfig | undefined, risk.riskParameters)
    : undefined
  if (impact && !impact.ok) issues.push(...impact.issues)

  const chains: ResolvedChain[] = []
  if (!isObject(config.chains) || Object.keys(config.chains).length === 0)
    issue('chains', 'needs at least one chain')
  else {
    const seen = new Map<number, string>()
    for (const [name, chain] of Object.entries(config.chains)) {
      const resolved = validateChain(name, chain, knownAssets, issue)
      if (!resolved) continue
      const other = seen.get(resolved.chainId)
      if (other)
        issue(`chains.${name}.chainId`, `chain id ${resolved.chainId} is also used by chains.${other}`)
      seen.set(resolved.chainId, name)
      chains.push(resolved)
    }
  }

  const maxPriceAge = risk.ok
    ? resolvePriceAge({
        overrides: isObject(config.risk) ? config.risk.maxPriceAge : undefined,
        base: risk.riskParameters.maxPriceAge,
        tokens: chains.flatMap((c) => c.tokens),
        issue: (i) => issues.push(i),
      })
    : undefined

  const margin = validateMarginSettings({
    margin: config.margin,
    factors: risk.ok ? Object.keys(risk.riskParameters.factors) : [],
    issue,
  })
  const wallets = addressList(config.wallets, 'wallets', issue)
  const accounts: { name: string; wallets: Address[] }[] = []
  if (config.accounts !== undefined) {
    if (!isObject(config.accounts)) issue('accounts', 'must map account names to wallet lists')
    else
      for (const [name, list] of Object.entries(config.accounts))
        accounts.push({ name, wallets: addressList(list, `accounts.${name}`, issue) })
  }

  const baseDir = dirname(resolve(parameters.cwd ?? process.cwd(), file))
  const database = validateDatabase({ database: config.database, baseDir, issue })
  const store = validateStoreSettings({ store: config.store, issue })
  const api = validateApiSettings({ api: config.api, env, baseDir, issue })
  const autoTrack = resolveAutoTrack(isObject(config.api) ? config.api.autoTrack : undefined, issues)
  const attestation = validateAttestationSettings({ attestation: config.attestation, issue })

  if (issues.length > 0 || !risk.ok || !impact?.ok) throw new ConfigError(file, issues)
  return {
    file,
    chains,
    riskParameters: maxPriceAge ? { ...risk.riskParameters, maxPriceAge } : risk.riskParameters,
    priceImpact: impact.priceImpact,
    margin,
    wallets,
    accounts,
    database,
    store,
    api: { ...api, autoTrack },
    signerKeyEnv: attestation.signerKeyEnv,
    attestation,
  }
}

function validateChain(
  name: string,
  chain: unknown,
  knownAssets: ReadonlySet<string> | undefined,
  issue: (path: string, message: string) => void,
): ResolvedChain | undefined {
  const at = `chains.${name}`
  if (!isObject(chain)) {
    issue(at, 'must be an object with chainId, rpcUrls and tokens')
    return undefined
  }
  const count = { before: 0 }
  const local = (path: string, message: string) => {
    count.before++
    issue(`${at}.${path}`, message)
  }
  if (!isInt(chain.chainId, 1)) local('chainId', 'must be a positive integer chain id')
  const urls = chain.rpcUrls
  if (!Array.isArray(urls) || urls.length === 0) local('rpcUrls', 'needs at least one RPC URL')
  else
    urls.forEach((url, i) => {
      if (typeof url === 'string' && /^wss?:\/\//.test(url))
        local(`rpcUrls[${i}]`, `a WebSocket URL goes in webSocketUrl; rpcUrls are http(s): ${url}`)
      else if (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url))
        local(`rpcUrls[${i}]`, `not an http(s) URL: ${String(url)}`)
    })
  const webSocketUrl = chain.webSocketUrl
  if (webSocketUrl !== undefined && !isWebSocketUrl(webSocketUrl))
    local('webSocketUrl', `not a ws:// or wss:// URL: ${String(webSocketUrl)}`)
  const finality = isObject(chain.finality) ? chain.finality : {}
  if (finality.depth !== undefined && !isInt(finality.depth)) local('finality.depth', 'must be a block count')
  if (finality.useFinalizedTag !== undefined && typeof finality.useFinalizedTag !== 'boolean')
    local('finality.useFinalizedTag', 'must be true or false')
  const startBlock = chain.startBlock
  if (startBlock !== undefined && !(typeof startBlock === 'bigint' || isInt(startBlock)))
    local('startBlock', 'must be a block number')
  if (chain.multicall3 !== undefined && !isAddr(chain.multicall3)) local('multicall3', 'not an address')
  const tokens: TokenConfig[] = []
  if (!Array.isArray(chain.tokens)) local('tokens', 'must be a list of { symbol, address, decimals, feed }')
  else
    chain.tokens.forEach((token: unknown, i) => {
      const path = `tokens[${i}]`
      if (!isObject(token)) {
        local(path, 'must be { symbol, address, decimals, feed }')
        return
      }
      if (typeof token.symbol !== 'string') local(`${path}.symbol`, 'must be a symbol')
      else if (knownAssets && !knownAssets.has(token.symbol))
        local(`${path}.symbol`, `unknown asset "${token.symbol}": add it under risk.assets`)
      if (!isAddr(token.address)) local(`${path}.address`, 'not an address')
      if (!isInt(token.decimals, 0, 36)) local(`${path}.decimals`, 'must be an integer 0-36')
      if (!isAddr(token.feed)) local(`${path}.feed`, 'not an address (the USD price feed)')
      if (token.heartbeatSeconds !== undefined && !isInt(token.heartbeatSeconds, 1))
        local(`${path}.heartbeatSeconds`, "must be a positive whole number of seconds (the feed's heartbeat)")
      if (token.wraps !== undefined) {
        if (typeof token.wraps !== 'string') local(`${path}.wraps`, 'must be a symbol')
        else if (knownAssets && !knownAssets.has(token.wraps))
          local(`${path}.wraps`, `unknown asset "${token.wraps}": add it under risk.assets`)
      }
      tokens.push(token as TokenConfig)
    })
  // A token is (chain, address); its symbol keys its prices on the chain: no two per chain.
  for (const { index, key, message } of duplicateTokenIssues(chain.tokens))
    local(`tokens[${index}]${key}`, message)
  const uniswapV3Pools = validatePools(chain.uniswapV3Pools, tokens, local)
  const venues = validateVenues({ venues: chain.venues, knownAssets, issue: local })
  for (const key of ['maxLagSeconds', 'maxLogRange'])
    if (chain[key] !== undefined && !isInt(chain[key], 1)) local(key, 'must be a positive integer')
  if (count.before > 0) return undefined
  return {
    name,
    chainId: chain.chainId as number,
    rpcUrls: urls as unknown as RpcUrls,
    webSocketUrl: webSocketUrl as string | undefined,
    finalityDepth: (finality.depth as number | undefined) ?? defaultChainFinality.finalityDepth,
    useFinalizedTag:
      (finality.useFinalizedTag as boolean | undefined) ?? defaultChainFinality.useFinalizedTag,
    startBlock: startBlock === undefined ? undefined : BigInt(startBlock as number | bigint),
    multicall3: (chain.multicall3 as Address | undefined) ?? MULTICALL3,
    tokens,
    uniswapV3Pools,
    venues,
    maxLagSeconds: chain.maxLagSeconds as number | undefined,
    maxLogRange: chain.maxLogRange as number | undefined,
  }
}

/** A chain's `uniswapV3Pools`: each an address and two of the chain's token symbols. */
function validatePools(
  value: unknown,
  tokens: readonly TokenConfig[],
  local: (path: string, message: string) => void,
): UniswapV3PoolSpec[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) {
    local('uniswapV3Pools', 'must be a list of { address, baseSymbol, quoteSymbol }')
    return []
  }
  const symbols = tokens.map((t) => t.symbol)
  const pools: UniswapV3PoolSpec[] = []
  value.forEach((pool: unknown, i) => {
    const path = `uniswapV3Pools[${i}]`
    if (!isObject(pool)) {
      local(path, 'must be { address, baseSymbol, quoteSymbol }')
      return
    }
    if (!isAddr(pool.address)) local(`${path}.address`, 'not an address')
    for (const key of ['baseSymbol', 'quoteSymbol'] as const)
      if (typeof pool[key] !== 'string' || !symbols.includes(pool[key]))
        local(`${path}.${key}`, `not one of the chain's tokens: ${symbols.join(', ') || '(none)'}`)
    if (pool.baseSymbol === pool.quoteSymbol) local(path, 'base and quote are the same token')
    pools.push({
      address: pool.address as Address,
      baseSymbol: pool.baseSymbol as string,
      quoteSymbol: pool.quoteSymbol as string,
    })
  })
  return pools
}

function isWebSocketUrl(value: unknown): value is string {
  if (typeof value !== 'string' || !/^wss?:\/\/\S+$/.test(value)) return false
  return URL.canParse(value)
}

function isAddr(value: unknown): value is Address {
  return typeof value === 'string' && isAddress(value, { strict: false })
}

function addressList(list: unknown, path: string, issue: (path: string, message: string) => void): Address[] {
  if (list === undefined) return []
  if (!Array.isArray(list)) {
    issue(path, 'must be a list of addresses')
    return []
  }
  const out: Address[] = []
  list.forEach((a, i) => {
    if (isAddr(a)) out.push(a)
    else issue(`${path}[${i}]`, `not an address: ${String(a)}`)
  })
  return out
}

/**
 * `database`: `{ path }` (SQLite, relative to the config file) or `{ url }` (PostgreSQL), not both;
 * absent is the default SQLite file.
 */
function validateDatabase(parameters: {
  database: unknown
  baseDir: string
  issue: (path: string, message: string) => void
}): ResolvedDatabase {
  const { database, baseDir, issue } = parameters
  let path = '.xmargin/xmargin.db'
  if (database !== undefined) {
    if (!isObject(database)) issue('database', 'must be { path } (SQLite) or { url } (PostgreSQL)')
    else if (database.url !== undefined) {
      if (database.path !== undefined) issue('database', 'has both path and url; give one')
      else if (typeof database.url !== 'string' || !/^postgres(ql)?:\/\/[^/]/.test(database.url))
        issue('database.url', 'must be a postgres://user:password@host:port/database URL')
      else return { dialect: 'postgresql', url: database.url }
    } else if (typeof database.path !== 'string' || database.path === '')
      issue('database.path', 'must be a file path')
    else path = database.path
  }
  return { dialect: 'sqlite', path: isAbsolute(path) ? path : resolve(baseDir, path) }
}
