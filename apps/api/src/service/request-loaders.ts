import type {
  Account,
  ChainHead,
  Store,
  Position as StoredPosition,
  Price as StoredPrice,
} from '@xmargin/store'
import DataLoader from 'dataloader'

/** The chain heads of one request: every read of the request is pinned to these blocks (one consistent cut). */
export type HeadsSnapshot = {
  heads: readonly ChainHead[]
  pins: readonly { chainId: number; blockNumber: number }[]
}

/** Per-request loaders: one `getChainHeads`, one `getLatestPrices`, and batched positions and accounts. */
export type RequestLoaders = {
  heads: () => Promise<HeadsSnapshot>
  prices: () => Promise<readonly StoredPrice[]>
  /** Key: lowercased wallet address. */
  positions: DataLoader<string, readonly StoredPosition[]>
  accounts: DataLoader<string, Account | null>
}

/** Parameters of {@link createRequestLoaders}. */
export type CreateRequestLoadersParameters = { store: Store; chainIds: readonly number[] }
/** Return type of {@link createRequestLoaders}. */
export type CreateRequestLoadersReturnType = RequestLoaders

/**
 * Creates the loaders of one request. Whatever the query asks (aliases, `solvency` over 1,000 wallets,
 * nested `wallet { account }`), positions are read in one batched store call per tick, pinned to the
 * heads read once at the start of the request.
 *
 * @example
 * const loaders = createRequestLoaders({ store, chainIds: [1, 42161] })
 * const [a, b] = await loaders.positions.loadMany(['0xabc…', '0xdef…'])
 */
export function createRequestLoaders(
  parameters: CreateRequestLoadersParameters,
): CreateRequestLoadersReturnType {
  const { store, chainIds } = parameters
  let headsPromise: Promise<HeadsSnapshot> | undefined
  let pricesPromise: Promise<readonly StoredPrice[]> | undefined

  const heads = () => {
    headsPromise ??= store.getChainHeads({ chainIds }).then((rows) => ({
      heads: rows,
      pins: rows.flatMap((row) =>
        row.tip ? [{ chainId: row.chain.chainId, blockNumber: row.tip.number }] : [],
      ),
    }))
    return headsPromise
  }
  const prices = () => {
    pricesPromise ??= heads().then(({ pins }) => store.getLatestPrices({ chainIds, at: pins }))
    return pricesPromise
  }
  const positions = new DataLoader<string, readonly StoredPosition[]>(
    async (wallets) => {
      const { pins } = await heads()
      const rows = await store.getPositions({ wallets: wallets as `0x${string}`[], chainIds, at: pins })
      const byWallet = new Map<string, StoredPosition[]>()
      for (const row of rows) {
        const list = byWallet.get(row.wallet)
        if (list) list.push(row)
        else byWallet.set(row.wallet, [row])
      }
      return wallets.map((wallet) => byWallet.get(wallet) ?? [])
    },
    { maxBatchSize: 5000 },
  )
  const accounts = new DataLoader<string, Account | null>(async (names) => {
    const rows = await store.getAccounts({ names })
    const byName = new Map(rows.map((row) => [row.name, row]))
    return names.map((name) => byName.get(name) ?? null)
  })
  return { heads, prices, positions, accounts }
}
