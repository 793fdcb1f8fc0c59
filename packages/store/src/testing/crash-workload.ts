import type { CommitBlockParameters } from '../actions/commit-block.js'
import type { Store } from '../create-store.js'
import { addressOf, header } from './fixtures.js'

export const crashChainId = 31337
export const crashCursor = 'crash-test'
/** Position versions every block of the workload writes (each write changes the amount, so none is skipped). */
export const writesPerBlock = 100

const wallets = Array.from({ length: 50 }, (_, i) => addressOf(`crash-${i}`))
const keys = [addressOf('token-0'), addressOf('token-1'), 'MARKET-2']

/** The deterministic writes of block `n` of the crash workload. */
export function crashBlock(n: number): CommitBlockParameters {
  const upserts = Array.from({ length: writesPerBlock }, (_, i) => ({
    venue: 'crash',
    wallet: wallets[(n + i) % wallets.length]!,
    kind: 'supply' as const,
    key: keys[i % keys.length]!,
    amount: BigInt(n) * 1000n + BigInt(i) - 50_000n,
    extra: { scaledBalance: String(n * i), collateral: String(i % 2 === 0) },
  }))
  return {
    chainId: crashChainId,
    block: header('crash', n),
    positions: { upserts },
    prices: [
      { feed: addressOf('crash-feed'), value: BigInt(n), decimals: 8, updatedAt: n, roundId: BigInt(n) },
    ],
    discoveredWallets: n % 10 === 0 ? [addressOf(`discovered-${n}`)] : [],
    cursors: [crashCursor],
  }
}

/** Commits the workload from the block after the cursor up to `to`, calling `onCommit` after each block. */
export async function runCrashWorkload(
  store: Store,
  to: number,
  onCommit: (n: number) => void = () => {},
): Promise<void> {
  await store.upsertChains({
    chains: [{ chainId: crashChainId, name: 'crash', finalityDepth: 30, useFinalizedTag: false }],
  })
  const [head] = await store.getChainHeads({ chainIds: [crashChainId] })
  const cursor = head?.cursors.find((c) => c.source === crashCursor)
  for (let n = cursor ? cursor.blockNumber + 1 : 1; n <= to; n++) {
    await store.commitBlock(crashBlock(n))
    onCommit(n)
  }
}
