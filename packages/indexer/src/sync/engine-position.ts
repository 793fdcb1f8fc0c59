import type { BoundVenueAdapter, IndexedPosition } from '@xmargin/adapters'
import type { PositionWrite } from '@xmargin/store'

/** Parameters of {@link withEnginePosition}. */
export type WithEnginePositionParameters = {
  /** The venue adapter that read the position, bound to its chain. */
  adapter: BoundVenueAdapter
  position: IndexedPosition
  /** The block the position was read at. */
  blockNumber: bigint
}
/** Return type of {@link withEnginePosition}. */
export type WithEnginePositionReturnType = PositionWrite

/**
 * The store's write of a position read by a venue, with the engine's position converted now, at
 * index time, while the venue's context (assets, reserve parameters, strike decimals) is at hand:
 * readers then build a report from the database alone. A position the venue cannot convert is
 * written with no engine position (null), which readers report as unmapped, as a failed read would be.
 *
 * @example
 * const write = withEnginePosition({ adapter, position, blockNumber: 123n })
 * write.engine // { kind: 'supply', asset: 'USDC', amount: 1_000_000n, aave: { ltv: 8000, … }, … }
 */
export function withEnginePosition(parameters: WithEnginePositionParameters): WithEnginePositionReturnType {
  const { adapter, position, blockNumber } = parameters
  let engine: PositionWrite['engine'] = null
  try {
    engine = adapter.toCore(position, blockNumber)
  } catch {
    // Kept as null: the reader turns the wallet's report UNKNOWN with `unmapped-position:…`.
  }
  return { ...position, engine }
}
