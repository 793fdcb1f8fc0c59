import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EnvelopArmor } from '@escape.tech/graphql-armor'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import {
  type ApiLimits,
  adminKeyProblem,
  apiLimitsOffAtZero,
  defaultApiLimits,
  type ResolvedMarginSettings,
  type ResolvedPriceImpact,
  resolvePriceImpact,
} from '@xmargin/config'
import { defaultRiskParameters, type RiskParameters } from '@xmargin/core'
import type { Store } from '@xmargin/store'
import { createYoga, type YogaServerInstance } from 'graphql-yoga'
import type { Logger } from 'pino'
import {
  type AttestationSigner,
  type CreateAttestationSignerParameters,
  createAttestationSigner,
} from './attestation.js'
import { createAttestationLoader } from './attestation-loader.js'
import type { BlockEventSource } from './block-events.js'
import type { ApiChain } from './chain.js'
import { createCutEvents } from './cut-events.js'
import { createEngineRunner, defaultEngineThreads, type EngineRunner } from './engine/engine-runner.js'
import { ApiSettingsError, httpStatusOf } from './errors.js'
import { createApiLogger } from './logger.js'
import { buildSchema } from './schema/build-schema.js'
import type { ApiContext } from './schema/builder.js'
import { hasAdminKey } from './server/admin-key.js'
import { rejectBody } from './server/body-limit.js'
import { createClientKeyOf } from './server/client-key.js'
import { corsFromAllowList } from './server/cors.js'
import { rejectSimplePost } from './server/csrf-guard.js'
import { serveDashboard } from './server/dashboard.js'
import { graphiqlPath, serveGraphiQL } from './server/graphiql.js'
import { useInputErrors } from './server/input-errors-plugin.js'
import { useNoIntrospection } from './server/introspection-plugin.js'
import { useOperationLog } from './server/logging-plugin.js'
import { clientCodeOf, maskError } from './server/mask-error.js'
import { createWorkRateLimit, useRateLimit } from './server/rate-limit-plugin.js'
import { useSubscriptionCap } from './server/subscription-cap-plugin.js'
import { useExecutionTimeout } from './server/timeout-plugin.js'
import { useUniformErrors } from './server/uniform-errors-plugin.js'
import { useWorkBudget } from './server/work-budget-plugin.js'
import { createWorkEstimator } from './server/work-estimate.js'
import type { IndexerStatusSource } from './service/chain-freshness.js'
import { createMarginService } from './service/margin-service.js'
import { type AutoTrackLimits, createWalletTracking, type WalletReader } from './service/wallet-tracking.js'

/** Parameters of {@link createApiServer}. */
export type CreateApiServerParameters = {
  store: Store
  /** Indexed chains: their feeds and freshness limits (`apiChainFromSpec`). */
  chains: readonly ApiChain[]
  riskParameters?: RiskParameters | undefined
  /**
   * Depth curves of the cascades' forced sales, by factor (the config's `priceImpact`); default
   * `resolvePriceImpact(undefined, riskParameters)` (`defaultPriceImpact`). Risk parameters with a
   * factor no default curve covers need it: an {@link ApiSettingsError} otherwise.
   */
  priceImpact?: ResolvedPriceImpact | undefined
  /**
   * Config `margin`: `static` (default) reports use `riskParameters`; `dynamic` reports use a
   * calibration from the stored feed rounds as of their pinned blocks (`createParameterSource`).
   */
  margin?: ResolvedMarginSettings | undefined
  /** Clock, unix seconds. Default wall clock. */
  now?: (() => number) | undefined
  /** The indexer's `status()`, for lag and staleness (without it, staleness comes from block age). */
  indexerStatus?: IndexerStatusSource | undefined
  /**
   * Signs solvency attestations: the private key (the CLI reads `XMARGIN_ATTESTATION_KEY`), the
   * deployment id and optional verifying chain id of the EIP-712 domain, and optionally the published
   * signer address the key must match. Without it, `attestation` is null.
   */
  attestation?: CreateAttestationSignerParameters | undefined
  /**
   * Admin API key for mutations, at least 16 characters (the CLI reads `XMARGIN_ADMIN_KEY`); a shorter
   * one is an {@link ApiSettingsError}. No key: mutations always UNAUTHENTICATED.
   */
  adminKey?: string | undefined
  /**
   * The in-process indexer's `readWallets`: with it, a wallet asked about for the first time is tracked
   * and read at once (see `autoTrack`); without it (`xmargin serve`), it is answered UNKNOWN `not-tracked`.
   */
  readWallets?: WalletReader | undefined
  /** Auto-tracking switch and caps; defaults in `defaultAutoTrackLimits`. */
  autoTrack?: Partial<AutoTrackLimits> | undefined
  /** New indexed blocks, driving subscriptions. */
  blockEvents?: BlockEventSource | undefined
  logger?: Logger | undefined
  /**
   * GraphiQL at `/graphiql` (from local assets under `/graphiql/`), limits shown in error messages,
   * field suggestions. Default false.
   */
  development?: boolean | undefined
  /**
   * The web dashboard's build output (`webAssetsDir` of `@xmargin/web`), served at `/` beside the API.
   * Without it, `/` is a 404.
   */
  dashboardDir?: string | undefined
  /** Allow `__schema`/`__type` queries (`INTROSPECTION_DISABLED` otherwise). Default: `development`. */
  introspection?: boolean | undefined
  /**
   * Origins a browser may read the API from (CORS allow-list); `['*']` any, never with credentials.
   * Default none: no `access-control-*` headers at all.
   */
  cors?: readonly string[] | undefined
  /**
   * Worker threads running the margin engine, so a long computation never blocks the event loop and
   * the execution timeout stops it (the worker is terminated and replaced). Default
   * `defaultEngineThreads()` (cores − 1, at least 1); 0 runs the engine in-process (no pool: the
   * timeout then cannot interrupt a computation already running).
   */
  engineThreads?: number | undefined
  /**
   * Reverse proxies in front of the API (addresses or CIDR blocks, config `api.trustedProxies`): from
   * them only, the client the per-client limits count is read from `X-Forwarded-For`. Default none
   * (every client is its socket's address; the header is never read).
   */
  trustedProxies?: readonly string[] | undefined
  /** Overrides of {@link defaultApiLimits} (query limits, body size, execution and Node HTTP timeouts, connections). */
  limits?: Partial<ApiLimits> | undefined
  /**
   * Persisted operations by id (sha256 of the document, Apollo `extensions.persistedQuery.sha256Hash`
   * or `documentId`). With `only: true`, arbitrary documents are refused.
   */
  persistedOperations?:
    | { operations: Readonly<Record<string, string>>; only?: boolean | undefined }
    | undefined
}

/** Return type of {@link createApiServer}. */
export type CreateApiServerReturnType = {
  yoga: YogaServerInstance<Record<string, never>, ApiContext>
  server: Server
  /** The engine's worker pool (or in-process runner): its size and the tasks in flight. */
  engine: EngineRunner
  /** Starts listening (port 0 = a free port); resolves to the GraphQL endpoint URL. */
  listen: (port?: number, host?: string) => Promise<string>
  close: () => Promise<void>
}

/**
 * Creates the GraphQL API over a store: graphql-yoga on a Node HTTP server with graphql-armor limits,
 * a body-size limit, an execution timeout, masked errors, pino logs, optional persisted operations,
 * SSE subscriptions. Safe by default: CORS off unless origins are listed, form/text POSTs refused
 * (CSRF), introspection only in development, Node's header/request/keep-alive timeouts and a
 * connection cap set, every error's HTTP status fixed by its code. The engine runs on a pool of
 * worker threads (`engineThreads`). Runs beside the indexer in one process (the CLI) or alone. Throws
 * {@link ApiSettingsError} for an admin key under 16 characters, an attestation key that is not the
 * published signer, a negative `engineThreads` or a trusted proxy that is not an address or block.
 *
 * @example
 * const api = createApiServer({
 *   store,
 *   chains,
 *   attestation: { privateKey: process.env.XMARGIN_ATTESTATION_KEY as Hex, deploymentId: 'acme-mainnet' },
 * })
 * const url = await api.listen(4000) // http://127.0.0.1:4000/graphql
 * await api.close()
 */
export function createApiServer(parameters: CreateApiServerParameters): CreateApiServerReturnType {
  const { store, adminKey } = parameters
  const limits = resolveLimits(parameters.limits)
  const development = parameters.development ?? false
  const introspection = parameters.introspection ?? development
  const adminKeyError = adminKey === undefined ? undefined : adminKeyProblem(adminKey)
  if (adminKeyError) throw new ApiSettingsError(`The admin key ${adminKeyError}.`)
  const logger = parameters.logger ?? createApiLogger()
  const now = parameters.now ?? (() => Date.now() / 1000)
  const clientKey = createClientKeyOf({ trustedProxies: parameters.trustedProxies })
  // Both the rate limit and the work budget charge it; positions counted once per request.
  const workEstimator = createWorkEstimator({ store, maxWork: limits.maxWork })
  const rateLimit = createWorkRateLimit({
    workPerSecond: limits.rateLimitWorkPerSecond,
    burst: limits.rateLimitBurst,
    now,
    clientKey,
  })
  const signer: AttestationSigner | undefined = parameters.attestation
    ? createAttestationSigner(parameters.attestation)
    : undefined
  const riskParameters = parameters.riskParameters ?? defaultRiskParameters
  let priceImpact = parameters.priceImpact
  if (!priceImpact) {
    const resolved = resolvePriceImpact(undefined, riskParameters)
    if (!resolved.ok)
      throw new ApiSettingsError(
        `Default depth curves do not fit the risk parameters: ${resolved.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}.`,
      )
    priceImpact = resolved.priceImpact
  }
  // Last of the checks that can throw: the pool starts its threads once the engine is bundled.
  const engine = createEngineRunner({
    threads: parameters.engineThreads ?? defaultEngineThreads(),
    maxQueued: limits.maxQueuedEngineTasks,
    onWorkerError: (error) => logger.error({ err: error }, 'engine worker failed'),
  })
  // Subscriptions hear of a chain when what reads are pinned to (its served block) changes.
  const blockEvents = parameters.blockEvents
    ? createCutEvents({
        store,
        chainIds: parameters.chains.map((c) => c.chainId),
        source: parameters.blockEvents,
        onError: (error) => logger.warn({ err: error }, 'reading chain heads for subscriptions failed'),
      })
    : undefined
  const marginService = createMarginService({
    store,
    chains: parameters.chains,
    riskParameters,
    priceImpact,
    margin: parameters.margin,
    now,
    indexerStatus: parameters.indexerStatus,
    tracking: createWalletTracking({
      store,
      chainIds: parameters.chains.map((c) => c.chainId),
      readWallets: parameters.readWallets,
      limits: parameters.autoTrack,
    }),
    engine,
  })

  const armor = new EnvelopArmor({
    maxDepth: { n: limits.maxDepth, exposeLimits: true },
    maxTokens: { n: limits.maxTokens, exposeLimits: true },
    maxAliases: { n: limits.maxAliases, exposeLimits: true },
    maxDirectives: { n: 10, exposeLimits: true },
    costLimit: { maxCost: limits.maxCost, exposeLimits: true },
    blockFieldSuggestion: { enabled: !development },
  }).protect()
  const persisted = parameters.persistedOperations
  const yoga = createYoga<Record<string, never>, ApiContext>({
    schema: buildSchema(),
    graphqlEndpoint: '/graphql',
    landingPage: false,
    cors: corsFromAllowList(parameters.cors ?? []),
    // GraphiQL is served at its own path from bundled assets (works offline), not by yoga at /graphql.
    graphiql: false,
    maskedErrors: { maskError, isDev: false, errorMessage: 'Unexpected error.' },
    logging: {
      debug: (...args: unknown[]) => logger.debug({ detail: args }, 'yoga'),
      info: (...args: unknown[]) => logger.info({ detail: args }, 'yoga'),
      warn: (...args: unknown[]) => logger.warn({ detail: args }, 'yoga'),
      // Yoga logs every error it masks; one a client caused (a coded 4xx) is not unexpected.
      error: (...args: unknown[]) => {
        const code = clientCodeOf(args[0])
        if (code) logger.info({ error_code: code }, 'client error')
        else logger.error({ err: args[0] }, 'unexpected error (masked)')
      },
    },
    context: (initial): ApiContext => {
      const { request } = initial
      const engineWork = new AbortController()
      // A client that goes away before its answer (the response closed unfinished) abandons its
      // engine work like a timeout does.
      request.signal.addEventListener('abort', () => engineWork.abort(), { once: true })
      return {
        service: marginService.forRequest(engineWork.signal),
        engineWork,
        marginService,
        store,
        isAdmin: hasAdminKey(request.headers, adminKey),
        signer,
        attestations: signer
          ? createAttestationLoader({ signer, engine, signal: engineWork.signal })
          : undefined,
        blockEvents,
        deadline: Date.now() + limits.timeoutMs,
        timeoutMs: limits.timeoutMs,
        chargeWork: (cost) => rateLimit?.charge(initial, cost) ?? { ok: true },
        logger,
      }
    },
    plugins: [
      ...armor.plugins,
      ...(persisted
        ? [
            usePersistedOperations({
              getPersistedOperation: (key: string) =>
                Object.hasOwn(persisted.operations, key) ? persisted.operations[key]! : null,
              allowArbitraryOperations: !persisted.only,
              customErrors: persistedErrors,
            }),
          ]
        : []),
      ...(introspection ? [] : [useNoIntrospection()]),
      useRateLimit({ limit: rateLimit, maxWork: limits.maxWork, estimator: workEstimator }),
      useWorkBudget({ maxWork: limits.maxWork, estimator: workEstimator }),
      useSubscriptionCap({
        maxPerClient: limits.maxSubscriptionsPerClient,
        maxTotal: limits.maxSubscriptions,
        clientKey,
      }),
      useUniformErrors(),
      useInputErrors(),
      useExecutionTimeout({ timeoutMs: limits.timeoutMs }),
      useOperationLog({ logger }),
    ],
  })

  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often Node checks the two timeouts above (default 30 s, which would let a slow client
      // stay up to 30 s past them).
      connectionsCheckingInterval: Math.max(
        50,
        Math.min(1000, Math.floor(Math.min(limits.headersTimeoutMs, limits.requestTimeoutMs) / 4)),
      ),
    },
    (request, response) => {
      if (development && serveGraphiQL(request, response, { endpoint: '/graphql' })) return
      const dashboardDir = parameters.dashboardDir
      if (
        dashboardDir !== undefined &&
        serveDashboard(request, response, {
          dir: dashboardDir,
          reserved: ['/graphql', graphiqlPath],
        })
      )
        return
      if (rejectBody(request, response, { maxBytes: limits.maxBodyBytes })) {
        logger.info({ content_length: request.headers['content-length'] ?? null }, 'request body rejected')
        return
      }
      if (rejectSimplePost(request, response)) {
        logger.info(
          { content_type: request.headers['content-type'] ?? null },
          'simple-content-type POST refused',
        )
        return
      }
      void yoga.requestListener(request, response)
    },
  )
  server.maxConnections = limits.maxConnections

  return {
    yoga,
    server,
    engine,
    listen: (port = 0, host = '127.0.0.1') =>
      new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          const address = server.address() as AddressInfo
          const url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}/graphql`
          logger.info({ url }, 'api listening')
          resolve(url)
        })
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        if (!server.listening) return resolve()
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }).finally(() => engine.close()),
  }
}

/** The persisted-operation plugin's errors with this API's codes (`httpStatusOf` gives their status). */
const persistedErrors = {
  // The message Apollo clients look for.
  notFound: {
    message: 'PersistedQueryNotFound',
    extensions: {
      code: 'PERSISTED_QUERY_NOT_FOUND',
      http: { status: httpStatusOf.PERSISTED_QUERY_NOT_FOUND },
    },
  },
  keyNotFound: {
    message: 'A persisted operation id is required (extensions.persistedQuery.sha256Hash).',
    extensions: { code: 'BAD_REQUEST', http: { status: httpStatusOf.BAD_REQUEST } },
  },
  persistedQueryOnly: {
    message:
      'This server runs persisted operations only: send extensions.persistedQuery.sha256Hash, not a document.',
    extensions: { code: 'PERSISTED_QUERY_ONLY', http: { status: httpStatusOf.PERSISTED_QUERY_ONLY } },
  },
}

/** {@link defaultApiLimits} with the overrides; an unknown name or a non-positive value is an {@link ApiSettingsError}. */
function resolveLimits(overrides: Partial<ApiLimits> | undefined): ApiLimits {
  const limits = { ...defaultApiLimits }
  for (const [name, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) continue
    if (!Object.hasOwn(defaultApiLimits, name))
      throw new ApiSettingsError(
        `Unknown API limit "${name}" (expected one of ${Object.keys(defaultApiLimits).join(', ')}).`,
      )
    if (!Number.isInteger(value) || value < (apiLimitsOffAtZero.includes(name as keyof ApiLimits) ? 0 : 1))
      throw new ApiSettingsError(`API limit ${name} must be a positive integer, got ${value}.`)
    limits[name as keyof ApiLimits] = value
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs)
    throw new ApiSettingsError(
      `API limit headersTimeoutMs (${limits.headersTimeoutMs}) must not exceed requestTimeoutMs (${limits.requestTimeoutMs}).`,
    )
  return limits
}
