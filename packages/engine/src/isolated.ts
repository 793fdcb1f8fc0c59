import type { PreparedBook } from './book.js'
import type { BookEvaluator } from './models/model.js'
import type { IsolatedBucket, MarginReport } from './report.js'
import { compareText, sortInPlace } from './sort-in-place.js'

/**
 * The isolated figures: the book split into (chain, venue) buckets, each margined alone with the
 * same model (through the evaluator: no book is rebuilt for the `portfolio` model), added up, and
 * the capital that cross-margining saves against that sum. Buckets in (chain id, venue) order.
 *
 * @example
 * const isolated = isolatedFigures(book, createEvaluator(models.portfolio, book))
 * isolated.capitalSaved // isolated IM − portfolio IM
 */
export function isolatedFigures(book: PreparedBook, evaluator: BookEvaluator): MarginReport['isolated'] {
  const positions = book.positions
  const chains: number[] = []
  const venues: string[] = []
  // Members (ascending) and equity of each bucket, in one pass over the positions.
  const members: number[][] = []
  const equities: number[] = []
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!
    const { chainId, venue } = p.position
    let b = 0
    while (b < chains.length && (chains[b] !== chainId || venues[b] !== venue)) b++
    if (b === chains.length) {
      chains.push(chainId)
      venues.push(venue)
      members.push([])
      equities.push(0)
    }
    members[b]!.push(i)
    equities[b]! += p.value
  }
  const order = chains.map((_, b) => b)
  sortInPlace(order, (x, y) => chains[x]! - chains[y]! || compareText(venues[x]!, venues[y]!))
  const { figures } = evaluator
  const lines: IsolatedBucket[] = []
  let im = 0
  let mm = 0
  for (const b of order) {
    const result = order.length === 1 ? figures : evaluator.bucketMargins(members[b]!)
    lines.push({
      chainId: chains[b]!,
      venue: venues[b]!,
      equity: equities[b]!,
      initialMargin: result.initialMargin,
      maintenanceMargin: result.maintenanceMargin,
    })
    im += result.initialMargin
    mm += result.maintenanceMargin
  }
  return {
    buckets: lines,
    initialMargin: im,
    maintenanceMargin: mm,
    capitalSaved: im - figures.initialMargin,
  }
}
