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
  const bucketOf: number[] = []
  for (let i = 0; i < positions.length; i++) {
    const { chainId, venue } = positions[i]!.position
    let b = 0
    while (b < chains.length && (chains[b] !== chainId || venues[b] !== venue)) b++
    if (b === chains.length) {
      chains.push(chainId)
      venues.push(venue)
    }
    bucketOf.push(b)
  }
  const order = chains.map((_, b) => b)
  sortInPlace(order, (x, y) => chains[x]! - chains[y]! || compareText(venues[x]!, venues[y]!))
  const { figures } = evaluator
  const lines: IsolatedBucket[] = []
  let im = 0
  let mm = 0
  // One member list, refilled per bucket (the evaluator does not keep it).
  const members: number[] = []
  for (const b of order) {
    members.length = 0
    let equity = 0
    for (let i = 0; i < positions.length; i++) {
      if (bucketOf[i] !== b) continue
      members.push(i)
      equity += positions[i]!.value
    }
    const result = order.length === 1 ? figures : evaluator.bucketMargins(members)
    lines.push({
      chainId: chains[b]!,
      venue: venues[b]!,
      equity,
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
