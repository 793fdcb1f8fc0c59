import type { Store } from '@xmargin/store'
import type { DocumentNode } from 'graphql'
import { estimateWork, requestSelections, requestWallets, type WalletSelectionRef } from './estimate-work.js'

/** What the work plugins pass: an operation's execute or subscribe arguments. */
export type WorkEstimateArgs = {
  schema: unknown
  document: unknown
  operationName?: string | null | undefined
  variableValues?: unknown
  contextValue?: unknown
}

/** Estimates a request's engine work once per request; see {@link createWorkEstimator}. */
export type WorkEstimator = { estimate: (args: WorkEstimateArgs) => Promise<number> }

/**
 * The work estimate the rate limit and the work budget both charge, computed once per request (by
 * its context): {@link estimateWork} with each named wallet counted by its current positions, from
 * one indexed `countPositions` query before anything runs (skipped when the estimate by wallets alone
 * is already over `maxWork`), and each `cascade`/`coverTwo` over `all: true` or an `account` by the
 * wallets it selects (the tracked wallets, the account's: read only when a request names one).
 * Without a store, every wallet is 1 unit.
 *
 * @example
 * const estimator = createWorkEstimator({ store })
 * const work = await estimator.estimate(args) // in an envelop onExecute hook
 */
export function createWorkEstimator(parameters: {
  store?: Pick<Store, 'countPositions' | 'getTrackedWallets' | 'getAccounts'> | undefined
  /**
   * The work budget: a request whose estimate by wallets alone (every wallet at least 1 unit) is
   * already above it is answered without counting positions (the count can only raise it), so a
   * client repeating an over-budget request makes the server do no store reads. Default: none.
   */
  maxWork?: number | undefined
}): WorkEstimator {
  const { store, maxWork } = parameters
  const byContext = new WeakMap<object, Promise<number>>()
  const compute = async (args: WorkEstimateArgs) => {
    const request = {
      document: args.document as DocumentNode,
      operationName: args.operationName,
      variables: (args.variableValues ?? {}) as Record<string, unknown>,
    }
    const schema = args.schema as Parameters<typeof estimateWork>[0]['schema']
    const selections = requestSelections(request)
    const walletsOf = store ? await resolveSelections(store, selections) : undefined
    const byWallets = estimateWork({ ...request, schema, walletsOf })
    if (!store || (maxWork !== undefined && byWallets > maxWork)) return byWallets
    const wallets = new Set(requestWallets(request))
    for (const selection of selections) for (const wallet of walletsOf?.(selection) ?? []) wallets.add(wallet)
    if (wallets.size === 0) return byWallets
    const rows = await store.countPositions({ wallets: [...wallets] as `0x${string}`[] })
    const counts = new Map(rows.map((row) => [row.wallet, row.count] as const))
    return estimateWork({
      ...request,
      schema,
      walletsOf,
      positionsOf: (wallet) => counts.get(wallet as `0x${string}`) ?? 0,
    })
  }
  return {
    estimate(args) {
      const key =
        typeof args.contextValue === 'object' && args.contextValue !== null ? args.contextValue : undefined
      if (!key) return compute(args)
      let work = byContext.get(key)
      if (!work) {
        work = compute(args)
        byContext.set(key, work)
      }
      return work
    },
  }
}

/**
 * The wallets of each selection a request names, lowercase, read from the store once: the tracked
 * wallets for `all`, each named account's wallets (none for an unknown account).
 */
async function resolveSelections(
  store: Pick<Store, 'getTrackedWallets' | 'getAccounts'>,
  selections: readonly WalletSelectionRef[],
): Promise<((selection: WalletSelectionRef) => readonly string[]) | undefined> {
  if (selections.length === 0) return undefined
  const tracked = selections.some((s) => 'all' in s)
    ? (await store.getTrackedWallets()).map((w) => w.address.toLowerCase())
    : []
  const names = selections.flatMap((s) => ('account' in s ? [s.account] : []))
  const accounts = new Map(
    names.length === 0
      ? []
      : (await store.getAccounts({ names })).map((a) => [a.name, a.wallets.map((w) => w.toLowerCase())]),
  )
  return (selection) => ('all' in selection ? tracked : (accounts.get(selection.account) ?? []))
}
