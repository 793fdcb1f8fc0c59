import { request } from '../api/client.js'
import { type MarginModel, shockPointDocument } from '../api/documents.js'

/** The headline figures of a book after one set of shocks. */
export type ShockPoint = {
  spot: number
  vol: number
  status: string
  equity: string
  initialMargin: string
  maintenanceMargin: string
  health: string | null
}

/** Parameters of {@link readShockGrid}. */
export type ReadShockGridParameters = {
  addresses: readonly string[]
  model: MarginModel
  factor: string
  /** Relative spot moves, e.g. -0.6 … 0.6. */
  spots: readonly number[]
  /** Relative vol moves (0: none). */
  vols: readonly number[]
  /** Requests in flight at once. Default 4. */
  concurrency?: number
}

/**
 * Asks the API's `stressTest` for every (spot, vol) shock of one factor, a few requests at a time:
 * the points of the margin curve (one vol) or the cells of the heat map.
 *
 * @example
 * const points = await readShockGrid({ addresses, model: 'PORTFOLIO', factor: 'ETH', spots: [-0.3, 0, 0.3], vols: [0] })
 */
export async function readShockGrid(parameters: ReadShockGridParameters): Promise<ShockPoint[]> {
  const cells = parameters.vols.flatMap((vol) => parameters.spots.map((spot) => ({ spot, vol })))
  const results: ShockPoint[] = new Array(cells.length)
  let next = 0
  const worker = async () => {
    while (next < cells.length) {
      const index = next++
      const { spot, vol } = cells[index]!
      const { stressTest } = await request(shockPointDocument, {
        addresses: [...parameters.addresses],
        model: parameters.model,
        shocks: [
          { factor: parameters.factor, spot: String(spot), ...(vol !== 0 ? { vol: String(vol) } : {}) },
        ],
      })
      results[index] = { spot, vol, ...stressTest.after }
    }
  }
  await Promise.all(Array.from({ length: Math.min(parameters.concurrency ?? 4, cells.length) }, worker))
  return results
}
