import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { EnvelopArmor } from '@escape.tech/graphql-armor'
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations'
import { defaultRiskParameters, type RiskParameters } from '@xmargin/core'
import type { Store } from '@xmargin/store'
import { createYoga, type YogaServerInstance } from 'graphql-yoga'
import type { Logger } from 'pino'
import type { Hex } from 'viem'
import { type AttestationSigner, createAttestationSigner } from './attestation.js'
import type { BlockEventSource } from './block-events.js'
import type { ApiChain } from './chain.js'
import { createApiLogger } from './logger.js'
import { buildSchema } from './schema/build-schema.js'
import type { ApiContext } from './schema/builder.js'
import { hasAdminKey } from './server/admin-key.js'
import { rejectBody } from './server/body-limit.js'
import { renderLocalGraphiQL, serveGraphiQL } from './server/graphiql.js'
import { useInputErrors } from './server/input-errors-plugin.js'
import { useOperationLog } from './server/logging-plugin.js'
import { clientCodeOf, maskError } from './server/mask-error.js'
import { useExecutionTimeout } from './server/timeout-plugin.js'
import type { IndexerStatusSource } from './service/chain-freshness.js'
import { createMarginService } from './service/margin-service.js'
import { type AutoTrackLimits, createWalletTracking, type WalletReader } from './service/wallet-tracking.js'

/** Query limits. Defaults: depth 10, 6,000 tokens, 15 aliases, cost 20,000, 512 KiB body, 15 s execution. */
export type ApiLimits = {
  maxDepth: number
  maxTokens: number
  maxAliases: number
  maxCost: number
  maxBodyBytes: number
  timeoutMs: number
}

/** Default {@link ApiLimits}: room for 1,000 literal addresses, not for abuse. */
export const defaultApiLimits: ApiLimits = {
  maxDepth: 10,
  maxTokens: 6000,
  maxAliases: 15,
  maxCost: 20_000,
  maxBodyBytes: 512 * 1024,
  timeoutMs: 15_000,
}

/** Parameters of {@link createApiServer}. */
export type CreateApiServerParameters = {
  store: Store
  /** Indexed chains: venues (bound adapters' `toCore`) and feeds. */
  chains: readonly ApiChain[]
  riskParameters?: RiskParameters | undefined
  /** Clock, unix seconds. Default wall clock. */
  now?: (() => number) | undefined
  /** The indexer's `status()`, for lag and staleness (without it, staleness comes from block age). */
  indexerStatus?: IndexerStatusSource | undefined
  /** Private key that signs solvency attestations (the CLI reads `XMARGIN_ATTESTATION_KEY`). */
  signerKey?: Hex | undefined
  /** Admin API key for mutations (the CLI reads `XMARGIN_ADMIN_KEY`). No key: mutations always UNAUTHENTICATED. */
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
   * GraphiQL at `/graphql` (from local assets under `/graphiql/`; `/` redirects to it), limits shown in
   * error messages, field suggestions. Default false.
   */
  development?: boolean | undefined
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
  /** Starts listening (port 0 = a free port); resolves to the GraphQL endpoint URL. */
  listen: (port?: number, host?: string) => Promise<string>
  close: () => Promise<void>
}

/**
 * Creates the GraphQL API over a store: graphql-yoga on a Node HTTP server with graphql-armor limits,
 * a body-size limit, an execution timeout, masked errors, pino logs, optional persisted operations,
 * SSE subscriptions. Runs beside the indexer in one process (the CLI) or alone.
 *
 * @example
 * const api = createApiServer({ store, chains, signerKey: process.env.XMARGIN_ATTESTATION_KEY as Hex })
 * const url = await api.listen(4000) // http://127.0.0.1:4000/graphql
 * await api.close()
 */
export function createApiServer(parameters: CreateApiServerParameters): CreateApiServerReturnType {
  const { store, adminKey, blockEvents } = parameters
  const limits = { ...defaultApiLimits, ...parameters.limits }
  const development = parameters.development ?? false
  const logger = parameters.logger ?? createApiLogger()
  const now = parameters.now ?? (() => Date.now() / 1000)
  const marginService = createMarginService({
    store,
    chains: parameters.chains,
    riskParameters: parameters.riskParameters ?? defaultRiskParameters,
    now,
    indexerStatus: parameters.indexerStatus,
    tracking: createWalletTracking({
      store,
      readWallets: parameters.readWallets,
      limits: parameters.autoTrack,
    }),
  })
  const signer: AttestationSigner | undefined = parameters.signerKey
    ? createAttestationSigner({ privateKey: parameters.signerKey })
    : undefined

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
    graphiql: development,
    // GraphiQL from the bundled assets this server serves (works offline), not yoga's CDN page.
    renderGraphiQL: (options) => renderLocalGraphiQL(options),
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
    context: ({ request }): ApiContext => ({
      service: marginService.forRequest(),
      marginService,
      store,
      isAdmin: hasAdminKey(request.headers, adminKey),
      signer,
      blockEvents,
      deadline: Date.now() + limits.timeoutMs,
      logger,
    }),
    plugins: [
      ...armor.plugins,
      ...(persisted
        ? [
            usePersistedOperations({
              getPersistedOperation: (key: string) => persisted.operations[key] ?? null,
              allowArbitraryOperations: !persisted.only,
            }),
          ]
        : []),
      useInputErrors(),
      useExecutionTimeout({ timeoutMs: limits.timeoutMs }),
      useOperationLog({ logger }),
    ],
  })

  const server = createServer((request, response) => {
    if (development && serveGraphiQL(request, response, { endpoint: '/graphql' })) return
    if (rejectBody(request, response, { maxBytes: limits.maxBodyBytes })) {
      logger.warn({ content_length: request.headers['content-length'] ?? null }, 'request body rejected')
      return
    }
    void yoga.requestListener(request, response)
  })

  return {
    yoga,
    server,
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
      new Promise((resolve, reject) => {
        if (!server.listening) return resolve()
        server.closeAllConnections()
        server.close((error) => (error ? reject(error) : resolve()))
      }),
  }
}
