/** Parameters of {@link redrawDelay}. */
export type RedrawDelayParameters = {
  /** When the curve was last drawn (ms), 0 if never. */
  drawnAt: number
  /** The status it was drawn for. */
  drawnStatus: string | undefined
  /** The status of the report just received. */
  status: string
  now: number
  /** Least time between two redraws while the status stays the same. */
  intervalMs: number
}

/**
 * How long to wait before redrawing the margin curve and heat map (each draw costs ~40 stress tests)
 * for a new report: 0 (now) when the status changed or the interval has passed, else the rest of it.
 *
 * @example
 * redrawDelay({ drawnAt: 1_000, drawnStatus: 'HEALTHY', status: 'HEALTHY', now: 4_000, intervalMs: 10_000 }) // 7000
 */
export function redrawDelay(parameters: RedrawDelayParameters): number {
  if (parameters.status !== parameters.drawnStatus) return 0
  return Math.max(0, parameters.drawnAt + parameters.intervalMs - parameters.now)
}
