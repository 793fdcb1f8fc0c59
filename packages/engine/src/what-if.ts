import type { Position } from '@xmargin/core'
import { type ComputeMarginParameters, computeMargin } from './compute-margin.js'
import type { MarginReport } from './report.js'

/** Parameters of {@link whatIf}: the current book, positions to add and ids to remove. */
export type WhatIfParameters = ComputeMarginParameters & {
  add?: readonly Position[] | undefined
  /** Ids of positions to remove from the book. */
  remove?: readonly string[] | undefined
}

/** Return type of {@link whatIf}. */
export type WhatIfReturnType = {
  before: MarginReport
  after: MarginReport
  /** after − before (health may be ±Infinity-valued: NaN when both are infinite). */
  delta: {
    equity: number
    initialMargin: number
    maintenanceMargin: number
    freeCollateral: number
    health: number
  }
}

/**
 * Previews a change to a book: the report before and after adding hypothetical positions and/or
 * removing existing ones, with the deltas of the headline figures.
 *
 * @example
 * const preview = whatIf({ positions, prices, now, add: [shortEthPerp] })
 * preview.delta.initialMargin // < 0 when the new position hedges the book
 */
export function whatIf(parameters: WhatIfParameters): WhatIfReturnType {
  const { add = [], remove = [], ...rest } = parameters
  const removed = new Set(remove)
  const before = computeMargin(rest)
  const after = computeMargin({
    ...rest,
    positions: [...rest.positions.filter((p) => !removed.has(p.id)), ...add],
  })
  return {
    before,
    after,
    delta: {
      equity: after.equity - before.equity,
      initialMargin: after.initialMargin - before.initialMargin,
      maintenanceMargin: after.maintenanceMargin - before.maintenanceMargin,
      freeCollateral: after.freeCollateral - before.freeCollateral,
      health: after.health - before.health,
    },
  }
}
