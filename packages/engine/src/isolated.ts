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
  // Each position's bucket and each bucket's equity, in one pass over the positions.
  const bucketOf: number[] = []
  const equities: number[] = []
  for (let i = 0; i < positions.length; i++) {
    const p = positions[i]!
    const { chainId, venue } = p.position
    let b = 0
    while (b < chains.length && (chains[b] !== chainId || venues[b] !== venue)) b++
    if (b === chains.length) {
      chains.push(chainId)
      venues.push(venue)
      equities.push(0)
    }
    bucketOf.push(b)
    equities[b]! += p.value
  }
  const count = chains.length
  const { figures } = evaluator
  const ims: number[] = []
  const mms: number[] = []
  // All buckets margined in one pass; a single bucket is the whole book.
  if (count === 1) {
    ims.push(figures.initialMargin)
    mms.push(figures.maintenanceMargin)
  } else if (count > 1) evaluator.partitionMargins(bucketOf, count, ims, mms)
  const order: number[] = []
  for (let b = 0; b < count; b++) order.push(b)
  sortInPlace(order, (x, y) => chains[x]! - chains[y]! || compareText(venues[x]!, venues[y]!))
  const lines: IsolatedBucket[] = []
  let im = 0
  let mm = 0
  for (const b of order) {
    const initialMargin = ims[b]!
    const maintenanceMargin = mms[b]!
    lines.push({
      chainId: chains[b]!,
      venue: venues[b]!,
      equity: equities[b]!,
      initialMargin,
      maintenanceMargin,
    })
    im += initialMargin
    mm += maintenanceMargin
  }
  return {
    buckets: lines,
    initialMargin: im,
    maintenanceMargin: mm,
    capitalSaved: im - figures.initialMargin,
  }
}
