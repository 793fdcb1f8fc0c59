import { BaseError } from '@xmargin/core'

/** A contract read inside a batch reverted or returned undecodable data. Not retryable: the same block gives the same answer. */
export class ReadFailedError extends BaseError {
  override name = 'ReadFailedError'
  readonly label: string

  constructor(label: string, parameters: { cause?: unknown; details?: string | undefined } = {}) {
    super(`Read failed: ${label}.`, {
      details: parameters.details,
      cause: parameters.cause,
      retryable: false,
    })
    this.label = label
  }
}

/** The RPC request carrying a Multicall3 batch failed (transport error, timeout, rate limit). Retryable. */
export class BatchRequestError extends BaseError {
  override name = 'BatchRequestError'

  constructor(parameters: { chunk: number; calls: number; blockNumber: bigint; cause: unknown }) {
    super(
      `Multicall3 batch ${parameters.chunk} (${parameters.calls} calls) at block ${parameters.blockNumber} failed.`,
      {
        details: parameters.cause instanceof Error ? parameters.cause.message.split('\n')[0] : undefined,
        cause: parameters.cause,
        retryable: true,
      },
    )
  }
}

/** A result list does not have the length its read plan promised (a bug or a misrouted result). */
export class ResultCountError extends BaseError {
  override name = 'ResultCountError'

  constructor(what: string, expected: number, actual: number) {
    super(`${what}: expected ${expected} read results, got ${actual}.`)
  }
}

/**
 * The static venue configuration no longer matches the chain (a reserve listed, an eMode price
 * source set, stable borrowing enabled after the venue was resolved). Resolve the venue again.
 */
export class StaleVenueConfigError extends BaseError {
  override name = 'StaleVenueConfigError'

  constructor(venue: string, details: string) {
    super(`The ${venue} venue configuration is stale.`, { details })
  }
}

/** A stored position lacks a field its adapter wrote (`extra.scaledBalance`…) or names an unknown asset/market. */
export class InvalidPositionError extends BaseError {
  override name = 'InvalidPositionError'

  constructor(position: { venue: string; key: string; kind: string }, details: string) {
    super(`Invalid ${position.venue} ${position.kind} position ${position.key}.`, { details })
  }
}

/** A chain spec or config names a chain that has no adapters, transport or contract. */
export class ChainConfigError extends BaseError {
  override name = 'ChainConfigError'

  constructor(shortMessage: string, details?: string) {
    super(shortMessage, { details })
  }
}

/** A venue's shared state was still not exact after the allowed rounds of hinted reads (the chain keeps changing under them, or an adapter bug). */
export class SharedStateUnsettledError extends BaseError {
  override name = 'SharedStateUnsettledError'

  constructor(venue: string, chainId: number, rounds: number) {
    super(`The ${venue} shared state on chain ${chainId} did not settle in ${rounds} rounds of reads.`, {
      retryable: true,
    })
  }
}

/**
 * An Aave pool answered neither eMode layout's probe: not `getEModeCategoryCollateralBitmap` (v3.2+)
 * nor `getEModeCategoryData` (v3.0/v3.1). The address is not an Aave v3 Pool, or not deployed at the block.
 */
export class AaveEModeLayoutError extends BaseError {
  override name = 'AaveEModeLayoutError'
  readonly pool: string

  constructor(pool: string, parameters: { details: string; cause?: unknown }) {
    super(`The Aave pool ${pool} serves no known eMode layout.`, {
      details: parameters.details,
      cause: parameters.cause,
    })
    this.pool = pool
  }
}
