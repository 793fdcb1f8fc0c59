import type { Account, ChainHead, Store, StoredPoolState, StoredPosition, StoredPrice } from '@xmargin/store'
import { PinnedBlockGoneError } from '@xmargin/store'
import DataLoader from 'dataloader'
import { ApiError } from '../errors.js'

/** The chain heads of one request: every read of the request is pinned to these blocks (one consistent cut). */
export type HeadsSnapshot = {
  heads: readonly ChainHead[]
  /**
   * Each chain's served block (the store's one cut in time, see `getChainHeads`) by number and hash:
   * a read finding that block gone (reorg, re-index) fails instead of mixing forks.
   */
  pins: readonly { chainId: number; blockNumber: number; blockHash: string }[]
}

/** Per-request loaders: one `getChainHeads`, one `getLatestPrices`, one `getPoolStates`, and batched positions and accounts. */
export type RequestLoaders = {
  heads: () => Promise<HeadsSnapshot>
  prices: () => Promise<readonly StoredPrice[]>
  /** Uniswap v3 pool states at the pinned blocks (chains without a served block have none). */
  poolStates: () => Promise<readonly StoredPoolState[]>
  /** Key: lowercased wallet address. */
  positions: DataLoader<string, readonly StoredPosition[]>
  accounts: DataLoader<string, Account | null>
}

/** Parameters of {@link createRequestLoaders}. */
export type CreateRequestLoadersParameters = {
  store: Store
  chainIds: readonly number[]
  /** Read as of these heads instead of the stored tips (a past step of `marginHistory`). */
  heads?: HeadsSnapshot | undefined
}
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
  let headsPromise: Promise<HeadsSnapshot> | undefined = parameters.heads && Promise.resolve(parameters.heads)
  let pricesPromise: Promise<readonly StoredPrice[]> | undefined
  let poolStatesPromise: Promise<readonly StoredPoolState[]> | undefined

  const heads = () => {
    headsPromise ??= store.getChainHeads({ chainIds }).then((rows) => ({
      heads: rows,
      pins: rows.flatMap((row) =>
        row.served
          ? [{ chainId: row.chain.chainId, blockNumber: row.served.number, blockHash: row.served.hash }]
          : [],
      ),
    }))
    return headsPromise
  }
  const prices = () => {
    pricesPromise ??= heads().then(({ pins }) => store.getLatestPrices({ chainIds, at: pins }).catch(changed))
    return pricesPromise
  }
  const poolStates = () => {
    poolStatesPromise ??= heads().then(({ pins }) =>
      pins.length === 0
        ? []
        : store.getPoolStates({ chainIds: pins.map((pin) => pin.chainId), at: pins }).catch(changed),
    )
    return poolStatesPromise
  }
  const positions = new DataLoader<string, readonly StoredPosition[]>(
    async (wallets) => {
      const { pins } = await heads()
      const rows = await store
        .getPositions({ wallets: wallets as `0x${string}`[], chainIds, at: pins })
        .catch(changed)
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
  return { heads, prices, poolStates, positions, accounts }
}

/**
 * A chain was rolled back or reset between this request's heads and a later read: answering would mix
 * two forks or read a chain with positions missing. STALE_DATA (503): the client asks again.
 */
function changed(error: unknown): never {
  if (error instanceof PinnedBlockGoneError)
    throw new ApiError(
      'STALE_DATA',
      `Chain ${error.chainId} changed during this request (reorg or re-index); ask again.`,
      { cause: error },
    )
  throw error
}

/**
 * Whether an error is a request's read finding its pinned block gone (see `changed`): computing the
 * report again from fresh heads succeeds.
 *
 * @example
 * if (isChainChangedError(error)) retry()
 */
export function isChainChangedError(error: unknown): boolean {
  return error instanceof ApiError && error.cause instanceof PinnedBlockGoneError
}
