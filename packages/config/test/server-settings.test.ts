import { describe, expect, it } from 'vitest'
import { ConfigError } from '../src/errors.js'
import { validateConfig } from '../src/validate-config.js'

const chains = { ethereum: { chainId: 1, rpcUrls: ['https://a'], tokens: [] } }
const validate = (extra: Record<string, unknown>, env: Record<string, string> = {}) =>
  validateConfig({ config: { chains, ...extra }, file: 'x.config.ts', cwd: '/srv/app', env })
const issuesOf = (extra: Record<string, unknown>, env: Record<string, string> = {}) => {
  try {
    validate(extra, env)
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((i) => `${i.path}: ${i.message}`)
    throw error
  }
  return []
}

describe('the api section', () => {
  it('resolves cors, introspection, persisted operations (beside the file) and limit overrides', () => {
    const { api } = validate({
      api: {
        graphiql: true,
        cors: ['https://app.example', 'http://localhost:5173'],
        persistedOperations: { file: 'ops.json', only: true },
        limits: { requestTimeoutMs: 20_000, maxConnections: 200 },
      },
    })
    expect(api.cors).toEqual(['https://app.example', 'http://localhost:5173'])
    expect(api.introspection).toBe(true) // as graphiql unless set
    expect(api.persistedOperations).toEqual({ file: '/srv/app/ops.json', only: true })
    expect(api.limits).toEqual({ requestTimeoutMs: 20_000, maxConnections: 200 })
    expect(validate({ api: { graphiql: true, introspection: false } }).api.introspection).toBe(false)
  })

  it('refuses origins that are not origins, unknown keys and limits, and inconsistent timeouts', () => {
    expect(
      issuesOf({
        api: {
          cors: ['https://app.example/', 'app.example', '*'],
          limits: { maxDepht: 3, timeoutMs: -1, headersTimeoutMs: 60_000 },
          corsOrigins: [],
        },
      }),
    ).toEqual([
      'api.corsOrigins: unknown key (expected one of port, host, adminKey, graphiql, autoTrack, cors, introspection, persistedOperations, engineThreads, trustedProxies, limits)',
      'api.cors[0]: not an origin (scheme://host[:port], no path or trailing slash): https://app.example/',
      "api.cors[1]: not an origin like 'https://app.example'",
      "api.cors: '*' allows every origin: list it alone",
      expect.stringMatching(/^api\.limits\.maxDepht: unknown limit \(expected one of maxDepth, /),
      'api.limits.timeoutMs: must be a positive integer',
      'api.limits.headersTimeoutMs: must not exceed requestTimeoutMs (60000 > 30000)',
    ])
  })

  it('resolves trustedProxies (addresses and CIDR blocks, default none) and refuses anything else', () => {
    expect(validate({}).api.trustedProxies).toEqual([])
    expect(
      validate({ api: { trustedProxies: ['10.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1'] } }).api.trustedProxies,
    ).toEqual(['10.0.0.1', '10.0.0.0/8', 'fd00::/8', '::1'])
    const problem = "must be an IP address or a CIDR block like '10.0.0.0/8' or 'fd00::/8'"
    expect(
      issuesOf({
        api: { trustedProxies: ['proxy.internal', '10.0.0.0/33', '10.0.0.0/8/1', 7, 'fd00::/129'] },
      }),
    ).toEqual([0, 1, 2, 3, 4].map((i) => `api.trustedProxies[${i}]: ${problem}`))
    expect(issuesOf({ api: { trustedProxies: '10.0.0.1' } })).toEqual([
      "api.trustedProxies: must be a list of addresses or CIDR blocks like '10.0.0.0/8'",
    ])
  })

  it('takes rateLimitWorkPerSecond 0 (rate limit off), but no other limit at 0', () => {
    expect(validate({ api: { limits: { rateLimitWorkPerSecond: 0 } } }).api.limits).toEqual({
      rateLimitWorkPerSecond: 0,
    })
    expect(issuesOf({ api: { limits: { rateLimitWorkPerSecond: -1, rateLimitBurst: 0 } } })).toEqual([
      'api.limits.rateLimitWorkPerSecond: must be 0 (off) or a positive integer',
      'api.limits.rateLimitBurst: must be a positive integer',
    ])
  })

  it('resolves api.engineThreads (0 = in-process; default left to the API) and refuses anything else', () => {
    expect(validate({ api: { engineThreads: 0 } }).api.engineThreads).toBe(0)
    expect(validate({ api: { engineThreads: 3 } }).api.engineThreads).toBe(3)
    expect(validate({}).api.engineThreads).toBeUndefined()
    for (const engineThreads of [-1, 1.5, '2', 2000])
      expect(issuesOf({ api: { engineThreads } })).toEqual([
        'api.engineThreads: must be an integer from 0 (engine in-process) to 1024',
      ])
  })

  it('holds XMARGIN_ADMIN_KEY to the rule of api.adminKey (at least 16 characters)', () => {
    expect(issuesOf({}, { XMARGIN_ADMIN_KEY: 'a' })).toEqual([
      'XMARGIN_ADMIN_KEY (environment): must be at least 16 characters (got 1)',
    ])
    expect(issuesOf({ api: { adminKey: 'short' } })).toEqual([
      'api.adminKey: must be at least 16 characters (got 5) (or set XMARGIN_ADMIN_KEY)',
    ])
    expect(validate({}, { XMARGIN_ADMIN_KEY: '0123456789abcdef' }).api.adminKey).toBe('0123456789abcdef')
  })
})

describe('the attestation section', () => {
  it('resolves the deployment id, verifying chain id and published signer', () => {
    const signer = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8'
    expect(
      validate({ attestation: { deploymentId: 'acme-mainnet', chainId: 1, signer } }).attestation,
    ).toEqual({
      signerKeyEnv: 'XMARGIN_ATTESTATION_KEY',
      deploymentId: 'acme-mainnet',
      chainId: 1,
      signer,
    })
  })

  it('refuses a bad deployment id, chain id or signer, and a key in the file', () => {
    expect(
      issuesOf({
        attestation: { deploymentId: 'acme mainnet', chainId: 0, signer: '0x12', signerKey: '0x01' },
      }),
    ).toEqual([
      expect.stringMatching(/^attestation\.signerKey: unknown key .*environment variable only/),
      'attestation.deploymentId: must be 1-64 letters, digits, ".", "_" or "-" (e.g. "acme-mainnet")',
      'attestation.chainId: must be a positive integer chain id',
      'attestation.signer: not an address (the signer address this deployment publishes)',
    ])
  })
})
