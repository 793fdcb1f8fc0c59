import { isIP } from 'node:net'
import { isAbsolute, resolve } from 'node:path'
import { type Address, isAddress } from 'viem'

/** Query, body and connection limits of the API server. Defaults: {@link defaultApiLimits}. */
export type ApiLimits = {
  /** Deepest selection set (graphql-armor). */
  maxDepth: number
  /** Most tokens in a document (graphql-armor). */
  maxTokens: number
  /** Most aliases in a document (graphql-armor). */
  maxAliases: number
  /** Highest static cost of a document (graphql-armor). */
  maxCost: number
  /** Largest POST body, by its `content-length` (413 above). */
  maxBodyBytes: number
  /**
   * Most engine work one request may ask for, estimated before it runs (`QUERY_TOO_COSTLY`): wallets ×
   * reports × model units, every alias counted; one wallet's portfolio report is 1 unit, ES 100.
   */
  maxWork: number
  /** Most open subscriptions of one client (remote address): `TOO_MANY_SUBSCRIPTIONS` (429) past it. */
  maxSubscriptionsPerClient: number
  /** Most open subscriptions on the server. */
  maxSubscriptions: number
  /**
   * Work units (as `maxWork`; at least 1 per request) each client (remote address) earns per second:
   * `RATE_LIMITED` (429, `Retry-After`) past it. 0 turns the rate limit off.
   */
  rateLimitWorkPerSecond: number
  /** Most work units a client may spend at once (its token bucket's size). */
  rateLimitBurst: number
  /** Longest execution of one operation (`TIMEOUT`, 504). */
  timeoutMs: number
  /** Node: time to receive a request's headers (`server.headersTimeout`); 408 and the socket closed after. */
  headersTimeoutMs: number
  /**
   * Node: time to receive a whole request, headers and body (`server.requestTimeout`): a client that
   * promises 5,000 bytes and sends fewer is answered 408 and disconnected after it. Never shorter
   * than `headersTimeoutMs`. Streams already answering (SSE) are not cut by it.
   */
  requestTimeoutMs: number
  /** Node: idle time before a kept-alive connection is closed (`server.keepAliveTimeout`). */
  keepAliveTimeoutMs: number
  /** Node: most open connections (`server.maxConnections`); more are refused at accept. */
  maxConnections: number
  /**
   * Most engine tasks waiting for a worker thread (the pool's queue); one more is refused with
   * `OVERLOADED` (503, `Retry-After`) instead of waiting past its timeout. Not used in-process
   * (`engineThreads: 0`), where nothing queues.
   */
  maxQueuedEngineTasks: number
}

/**
 * The API server's limits: the one place their defaults live (the API, the CLI and the config reference
 * read them from here). Room for 1,000 literal addresses, not for abuse; no slow client holds a socket
 * past 30 s before its request is in.
 *
 * @example
 * createApiServer({ store, chains, limits: { ...defaultApiLimits, timeoutMs: 5_000 } })
 */
export const defaultApiLimits: Readonly<ApiLimits> = {
  maxDepth: 10,
  maxTokens: 6000,
  maxAliases: 15,
  maxCost: 20_000,
  maxBodyBytes: 512 * 1024,
  maxWork: 3_000,
  maxSubscriptionsPerClient: 10,
  maxSubscriptions: 1_000,
  rateLimitWorkPerSecond: 1_000,
  rateLimitBurst: 6_000,
  timeoutMs: 15_000,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1_000,
  maxQueuedEngineTasks: 100,
}

/** Limits that may be 0, which turns them off (every other limit is a positive integer). */
export const apiLimitsOffAtZero: readonly (keyof ApiLimits)[] = ['rateLimitWorkPerSecond']

const isOffAtZero = (name: string) => (apiLimitsOffAtZero as readonly string[]).includes(name)

/** Shortest admin key accepted, from the config file or `XMARGIN_ADMIN_KEY`. */
export const MIN_ADMIN_KEY_LENGTH = 16

/**
 * What is wrong with an admin key, or undefined when it is acceptable (a string of at least
 * {@link MIN_ADMIN_KEY_LENGTH} characters). The same rule holds for `api.adminKey` and `XMARGIN_ADMIN_KEY`.
 *
 * @example
 * adminKeyProblem('a') // 'must be at least 16 characters (got 1)'
 */
export function adminKeyProblem(key: unknown): string | undefined {
  if (typeof key !== 'string') return 'must be a string'
  if (key.length < MIN_ADMIN_KEY_LENGTH)
    return `must be at least ${MIN_ADMIN_KEY_LENGTH} characters (got ${key.length})`
  return undefined
}

/** The `api` section after validation, defaults applied (limits only as overrides of {@link defaultApiLimits}). */
export type ResolvedApiSettings = {
  port: number
  host: string
  /** `XMARGIN_ADMIN_KEY` when set, else `api.adminKey`. */
  adminKey: string | undefined
  /** GraphiQL and field suggestions. */
  graphiql: boolean
  /** Origins a browser may read the API from (CORS); empty: none. `['*']`: any, without credentials. */
  cors: readonly string[]
  /** `__schema`/`__type` queries allowed. Default: as `graphiql` (GraphiQL needs them). */
  introspection: boolean
  /** Persisted operations: a JSON file `{ "<sha256 of the document>": "<document>" }` (absolute path). */
  persistedOperations: { file: string; only: boolean } | undefined
  /**
   * Worker threads running the margin engine (`api.engineThreads`); 0 = in-process. Undefined: the
   * API's default (cores − 1, at least 1).
   */
  engineThreads: number | undefined
  /**
   * Addresses and CIDR blocks of the reverse proxies in front of the API (`api.trustedProxies`):
   * only from them is `X-Forwarded-For` honoured for the per-client limits. Default none.
   */
  trustedProxies: readonly string[]
  limits: Partial<ApiLimits>
}

/** The `attestation` section after validation. */
export type ResolvedAttestationSettings = {
  /** Name of the environment variable holding the signer key. */
  signerKeyEnv: string
  /** Names the deployment in the EIP-712 domain (`xmargin/<deploymentId>`); required to sign. */
  deploymentId: string | undefined
  /** Chain id of the venue that verifies the attestations, put in the EIP-712 domain. */
  chainId: number | undefined
  /** The signer address the deployment publishes; the key must match it. */
  signer: Address | undefined
}

type Issue = (path: string, message: string) => void
type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const isInt = (v: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

const apiKeys = [
  'port',
  'host',
  'adminKey',
  'graphiql',
  // Validated by resolveAutoTrack (wallet auto-tracking limits).
  'autoTrack',
  'cors',
  'introspection',
  'persistedOperations',
  'engineThreads',
  'trustedProxies',
  'limits',
] as const
const limitNames = Object.keys(defaultApiLimits) as (keyof ApiLimits)[]

/** A deployment id: letters, digits, `.`, `_`, `-`; up to 64 characters. */
const deploymentIdPattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

/**
 * Validates a config's `api` section (unknown keys are errors). `baseDir` resolves a relative
 * persisted-operations file; `env` gives `XMARGIN_ADMIN_KEY`, held to the same rule as `api.adminKey`.
 *
 * @example
 * const api = validateApiSettings({ api: config.api, env: process.env, baseDir: '/srv/xmargin', issue })
 */
export function validateApiSettings(parameters: {
  api: unknown
  env: Readonly<Record<string, string | undefined>>
  baseDir: string
  issue: Issue
}): ResolvedApiSettings {
  const { env, issue } = parameters
  if (parameters.api !== undefined && !isObject(parameters.api)) issue('api', 'must be an object')
  const api = isObject(parameters.api) ? parameters.api : {}
  for (const key of Object.keys(api))
    if (!(apiKeys as readonly string[]).includes(key))
      issue(`api.${key}`, `unknown key (expected one of ${apiKeys.join(', ')})`)
  if (api.port !== undefined && !isInt(api.port, 0, 65535))
    issue('api.port', 'must be a port number (0-65535)')
  if (api.host !== undefined && typeof api.host !== 'string')
    issue('api.host', 'must be a host name or address')
  const fileKeyProblem = api.adminKey === undefined ? undefined : adminKeyProblem(api.adminKey)
  if (fileKeyProblem) issue('api.adminKey', `${fileKeyProblem} (or set XMARGIN_ADMIN_KEY)`)
  const envKey = env.XMARGIN_ADMIN_KEY
  const envKeyProblem = envKey ? adminKeyProblem(envKey) : undefined
  if (envKeyProblem) issue('XMARGIN_ADMIN_KEY (environment)', envKeyProblem)
  for (const key of ['graphiql', 'introspection'])
    if (api[key] !== undefined && typeof api[key] !== 'boolean') issue(`api.${key}`, 'must be true or false')

  const cors: string[] = []
  if (api.cors !== undefined) {
    if (!Array.isArray(api.cors)) issue('api.cors', "must be a list of origins like 'https://app.example'")
    else
      api.cors.forEach((origin: unknown, i) => {
        const problem = originProblem(origin)
        if (problem) issue(`api.cors[${i}]`, problem)
        else cors.push(origin as string)
      })
    if (Array.isArray(api.cors) && api.cors.includes('*') && api.cors.length > 1)
      issue('api.cors', "'*' allows every origin: list it alone")
  }

  let persistedOperations: ResolvedApiSettings['persistedOperations']
  const persisted = api.persistedOperations
  if (persisted !== undefined) {
    if (!isObject(persisted) || typeof persisted.file !== 'string' || persisted.file === '')
      issue('api.persistedOperations', "must be { file: 'persisted-operations.json', only?: boolean }")
    else if (persisted.only !== undefined && typeof persisted.only !== 'boolean')
      issue('api.persistedOperations.only', 'must be true or false')
    else
      persistedOperations = {
        file: isAbsolute(persisted.file) ? persisted.file : resolve(parameters.baseDir, persisted.file),
        only: persisted.only === true,
      }
  }

  if (api.engineThreads !== undefined && !isInt(api.engineThreads, 0, 1024))
    issue('api.engineThreads', 'must be an integer from 0 (engine in-process) to 1024')

  const trustedProxies: string[] = []
  if (api.trustedProxies !== undefined) {
    if (!Array.isArray(api.trustedProxies))
      issue('api.trustedProxies', "must be a list of addresses or CIDR blocks like '10.0.0.0/8'")
    else
      api.trustedProxies.forEach((entry: unknown, i) => {
        const problem = proxyEntryProblem(entry)
        if (problem) issue(`api.trustedProxies[${i}]`, problem)
        else trustedProxies.push(entry as string)
      })
  }

  const limits: Partial<ApiLimits> = {}
  if (api.limits !== undefined) {
    if (!isObject(api.limits)) issue('api.limits', 'must map limit names to positive integers')
    else
      for (const [name, value] of Object.entries(api.limits)) {
        if (!(limitNames as string[]).includes(name))
          issue(`api.limits.${name}`, `unknown limit (expected one of ${limitNames.join(', ')})`)
        else if (!isInt(value, isOffAtZero(name) ? 0 : 1))
          issue(
            `api.limits.${name}`,
            isOffAtZero(name) ? 'must be 0 (off) or a positive integer' : 'must be a positive integer',
          )
        else limits[name as keyof ApiLimits] = value
      }
    const headers = limits.headersTimeoutMs ?? defaultApiLimits.headersTimeoutMs
    const request = limits.requestTimeoutMs ?? defaultApiLimits.requestTimeoutMs
    if (headers > request)
      issue('api.limits.headersTimeoutMs', `must not exceed requestTimeoutMs (${headers} > ${request})`)
  }

  const graphiql = api.graphiql === true
  return {
    port: (api.port as number | undefined) ?? 4000,
    host: (api.host as string | undefined) ?? '127.0.0.1',
    adminKey: envKey || (api.adminKey as string | undefined),
    graphiql,
    cors,
    introspection: typeof api.introspection === 'boolean' ? api.introspection : graphiql,
    persistedOperations,
    engineThreads: isInt(api.engineThreads, 0, 1024) ? api.engineThreads : undefined,
    trustedProxies,
    limits,
  }
}

/**
 * Validates a config's `attestation` section: the signer key's environment variable name (never the
 * key itself), the deployment id and verifying chain id of the EIP-712 domain, the published signer.
 *
 * @example
 * const attestation = validateAttestationSettings({ attestation: config.attestation, issue })
 */
export function validateAttestationSettings(parameters: {
  attestation: unknown
  issue: Issue
}): ResolvedAttestationSettings {
  const { issue } = parameters
  if (parameters.attestation !== undefined && !isObject(parameters.attestation))
    issue('attestation', 'must be an object')
  const attestation = isObject(parameters.attestation) ? parameters.attestation : {}
  const known = ['signerKeyEnv', 'deploymentId', 'chainId', 'signer']
  for (const key of Object.keys(attestation))
    if (!known.includes(key))
      issue(
        `attestation.${key}`,
        `unknown key (expected one of ${known.join(', ')}); the signer key is read from an environment variable only: set attestation.signerKeyEnv (default XMARGIN_ATTESTATION_KEY)`,
      )
  const signerKeyEnv = attestation.signerKeyEnv ?? 'XMARGIN_ATTESTATION_KEY'
  if (typeof signerKeyEnv !== 'string' || !/^[A-Z_][A-Z0-9_]*$/.test(signerKeyEnv))
    issue('attestation.signerKeyEnv', 'must be an environment variable name like XMARGIN_ATTESTATION_KEY')
  const { deploymentId, chainId, signer } = attestation
  if (
    deploymentId !== undefined &&
    (typeof deploymentId !== 'string' || !deploymentIdPattern.test(deploymentId))
  )
    issue('attestation.deploymentId', 'must be 1-64 letters, digits, ".", "_" or "-" (e.g. "acme-mainnet")')
  if (chainId !== undefined && !isInt(chainId, 1))
    issue('attestation.chainId', 'must be a positive integer chain id')
  if (signer !== undefined && !(typeof signer === 'string' && isAddress(signer, { strict: false })))
    issue('attestation.signer', 'not an address (the signer address this deployment publishes)')
  return {
    signerKeyEnv: signerKeyEnv as string,
    deploymentId: deploymentId as string | undefined,
    chainId: chainId as number | undefined,
    signer: signer as Address | undefined,
  }
}

function originProblem(origin: unknown): string | undefined {
  if (origin === '*') return undefined
  if (typeof origin !== 'string' || !URL.canParse(origin)) return "not an origin like 'https://app.example'"
  const url = new URL(origin)
  if (!['http:', 'https:'].includes(url.protocol) || url.origin !== origin)
    return `not an origin (scheme://host[:port], no path or trailing slash): ${origin}`
  return undefined
}

/**
 * What is wrong with a trusted proxy entry, or undefined: an IPv4 or IPv6 address, or a CIDR block
 * (`10.0.0.0/8`, `fd00::/8`).
 *
 * @example
 * proxyEntryProblem('10.0.0.0/8') // undefined
 * proxyEntryProblem('10.0.0.0/33') // 'must be an IP address or a CIDR block …'
 */
export function proxyEntryProblem(entry: unknown): string | undefined {
  const problem = "must be an IP address or a CIDR block like '10.0.0.0/8' or 'fd00::/8'"
  if (typeof entry !== 'string') return problem
  const [address, prefix, ...rest] = entry.split('/')
  const family = isIP(address ?? '')
  if (family === 0 || rest.length > 0) return problem
  if (prefix === undefined) return undefined
  const bits = Number(prefix)
  if (!/^\d{1,3}$/.test(prefix) || bits > (family === 4 ? 32 : 128)) return problem
  return undefined
}
