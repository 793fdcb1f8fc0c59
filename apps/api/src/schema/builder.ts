import SchemaBuilder from '@pothos/core'
import type { Store } from '@xmargin/store'
import type { Logger } from 'pino'
import type { AttestationSigner } from '../attestation.js'
import type { AttestationLoader } from '../attestation-loader.js'
import type { BlockEventSource } from '../block-events.js'
import type { TakeResult } from '../server/token-buckets.js'
import type { MarginService, RequestMarginService } from '../service/margin-service.js'

/** What every resolver gets: the request's margin service (loaders, one heads snapshot), auth, signer. */
export type ApiContext = {
  service: RequestMarginService
  /**
   * Aborted by the execution timeout or when the client goes away: the request's engine tasks are
   * dropped or their workers terminated.
   */
  engineWork: AbortController
  marginService: MarginService
  store: Store
  /** The request carried the admin API key. */
  isAdmin: boolean
  signer: AttestationSigner | undefined
  /** Signs this request's solvency attestations in batches on the engine pool; undefined without a signer. */
  attestations: AttestationLoader | undefined
  blockEvents: BlockEventSource | undefined
  /** Unix ms after which execution gives up with TIMEOUT. */
  deadline: number
  /** The execution timeout in ms: each subscription recomputation gets it too. */
  timeoutMs: number
  /**
   * Charges this request's client `cost` work units in its rate-limit bucket (subscription
   * recomputations); always `{ ok: true }` with the rate limit off.
   */
  chargeWork: (cost: number) => TakeResult
  logger: Logger
}

/** Pothos schema types: the context and the three custom scalars. */
export type ApiSchemaTypes = {
  Context: ApiContext
  DefaultFieldNullability: false
  Scalars: {
    Address: { Input: `0x${string}`; Output: string }
    BigInt: { Input: bigint; Output: bigint | number | string }
    Decimal: { Input: string; Output: string }
  }
}

/**
 * Creates the Pothos builder the schema files add their types to (code-first: resolvers and
 * types are checked together, no generated files).
 *
 * @example
 * const builder = createBuilder()
 * builder.queryType({ fields: (t) => ({ ping: t.string({ resolve: () => 'pong' }) }) })
 */
export function createBuilder() {
  return new SchemaBuilder<ApiSchemaTypes>({ defaultFieldNullability: false })
}

/** The builder type passed to every `addXTypes` function. */
export type ApiBuilder = ReturnType<typeof createBuilder>
