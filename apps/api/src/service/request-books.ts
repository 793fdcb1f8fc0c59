import type { ApiChain } from '../chain.js'
import type { ChainFreshness } from './chain-freshness.js'
import { type Book, loadBooks } from './load-book.js'
import { mapInSlices } from './map-in-slices.js'
import { type ParameterSet, staleHistoryReasons } from './parameter-source.js'
import type { RequestLoaders } from './request-loaders.js'
import { trackingReasons, type WalletReadiness, type WalletTracking } from './wallet-tracking.js'

/** A book as a request reports it: its engine inputs, the chains' freshness and the parameter set. */
export type RequestBook = Book & {
  fresh: { chains: ChainFreshness[]; reasons: string[] }
  set: ParameterSet
}

/** Parameters of {@link createRequestBooks}. */
export type CreateRequestBooksParameters = {
  loaders: RequestLoaders
  chains: ReadonlyMap<number, ApiChain>
  /** Risk-parameter asset symbols; a position on another asset makes its book UNKNOWN. */
  knownAssets: ReadonlySet<string>
  tracking: WalletTracking
  /** The request's chain freshness (read once per request). */
  freshness: () => Promise<RequestBook['fresh']>
  /** The request's parameter set, and the reasons every report is UNKNOWN when it had to fall back. */
  reportSet: () => Promise<{ set: ParameterSet; reasons: readonly string[] }>
}

/** Return type of {@link createRequestBooks}. */
export type RequestBooks = {
  /**
   * Makes wallets answerable before anything of theirs is read (`tracking.ensure`), once per wallet
   * and request; answers each lowercased wallet's readiness.
   */
  track: (wallets: readonly string[]) => Promise<Map<string, WalletReadiness>>
  /**
   * One book per group of wallets, in order (a report's wallet set is one group; batch solvency
   * asks for a group per wallet). Every input is read once for all groups: the tracking, the heads,
   * the prices, the parameter set and one batched positions read. Each book's `issues` carry every
   * reason its report is UNKNOWN for: the tracking, unmapped rows, the parameter set's fall-back and
   * stale factor histories its positions are exposed to.
   */
  books: (groups: readonly (readonly string[])[]) => Promise<RequestBook[]>
}

/**
 * The books of one request: one list-based loader, so a single report and a batch of a thousand
 * assemble their books, and the reasons they are UNKNOWN, by the same code.
 *
 * @example
 * const { books } = createRequestBooks({ loaders, chains, knownAssets, tracking, freshness, reportSet })
 * const [book] = await books([['0xabc…', '0xdef…']])
 */
export function createRequestBooks(parameters: CreateRequestBooksParameters): RequestBooks {
  const { loaders, chains, knownAssets, tracking, freshness, reportSet } = parameters
  // Each wallet's answer: the promise of the `ensure` call that asked for it (one per batch of
  // wallets, so a batch of 1,000 awaits one promise, not 1,000).
  const asking = new Map<string, Promise<Map<string, WalletReadiness>>>()
  const track = async (wallets: readonly string[]) => {
    const unique = [...new Set(wallets.map((w) => w.toLowerCase()))]
    const asked = unique.filter((w) => !asking.has(w))
    if (asked.length > 0) {
      const answer = tracking.ensure(asked)
      for (const wallet of asked) asking.set(wallet, answer)
    }
    const batches = [...new Set(unique.map((w) => asking.get(w)!))]
    const answers = new Map(batches.map((batch, i) => [batch, i]))
    const states = await Promise.all(batches)
    return new Map(
      unique.map((w) => {
        const state = states[answers.get(asking.get(w)!)!]!.get(w) ?? ({ kind: 'ready' } as const)
        return [w, state] as const
      }),
    )
  }
  return {
    track,
    async books(requested) {
      const groups = requested.map((group) =>
        group.length === 1 ? [group[0]!.toLowerCase()] : [...new Set(group.map((w) => w.toLowerCase()))],
      )
      // Tracking first: a wallet read now must be in the store before the request pins its blocks.
      const states = await track(groups.flat())
      const [loaded, fresh, { pins }, { set, reasons }] = await Promise.all([
        loadBooks({ loaders, chains, groups, knownAssets }),
        freshness(),
        loaders.heads(),
        reportSet(),
      ])
      // Per-book main-thread work a slice at a time (see mapInSlices): a batch may hold thousands.
      return mapInSlices(groups, (group, i) => {
        const book = loaded[i]!
        // `track` answered every wallet of every group.
        const issues = trackingReasons(
          group.map((w) => [w, states.get(w)!] as const),
          pins,
        )
        for (const more of [book.issues, reasons, staleHistoryReasons(set, book.positions)])
          for (const issue of more) issues.push(issue)
        return {
          positions: book.positions,
          prices: book.prices,
          volatilities: book.volatilities,
          issues,
          fresh,
          set,
        }
      })
    },
  }
}
