import type { PositionWrite, Store } from '@xmargin/store'
import type { Address } from 'viem'
import type { IndexerChain } from '../types.js'
import { readBlockState } from './read-block-state.js'

export type ReadAtTipParameters = {
  chain: IndexerChain
  store: Store
  /** Tracked wallets to read in full (lowercased). */
  wallets: readonly Address[]
}
export type ReadAtTipReturnType =
  /** Read and committed at the tip `blockNumber` (wallets the tip block had already read are left alone). */
  | { kind: 'read'; blockNumber: bigint }
  /** Nothing indexed on this chain yet (the first sync will read every tracked wallet). */
  | { kind: 'no-tip' }
  /** The tip moved while reading (a new block or a rollback): read again. */
  | { kind: 'tip-moved' }

/**
 * Reads wallets tracked since the stored tip was committed, at that tip block, and adds their
 * positions to it (`store.commitTipReads`): a newly tracked wallet is answered for at once instead
 * of at the chain's next block. Positions stored from an earlier tracking that are gone are closed.
 *
 * @example
 * const result = await readAtTip({ chain, store, wallets: ['0xdead…'] })
 * if (result.kind === 'read') console.log('read at block', result.blockNumber)
 */
export async function readAtTip(parameters: ReadAtTipParameters): Promise<ReadAtTipReturnType> {
  const { chain, store, wallets } = parameters
  const tip = await store.getTip({ chainId: chain.chainId })
  if (!tip) return { kind: 'no-tip' }
  const blockNumber = BigInt(tip.number)
  const state = await readBlockState({
    chain,
    blockNumber,
    blockTimestamp: BigInt(tip.timestamp),
    wallets,
  })
  const upserts: PositionWrite[] = [...state.positions.values()].flat()
  const read = new Set(upserts.map(idOf))
  const stored = await store.getPositions({ wallets: [...wallets], chainIds: [chain.chainId] })
  const deletes = stored
    .filter((p) => !read.has(idOf(p)))
    .map((p) => ({ venue: p.venue, wallet: p.wallet, kind: p.kind, key: p.key }))
  const result = await store.commitTipReads({
    chainId: chain.chainId,
    blockHash: tip.hash,
    wallets,
    positions: { upserts, deletes },
  })
  return result.committed ? { kind: 'read', blockNumber } : { kind: 'tip-moved' }
}

/** A position's identity, hex parts lowercased as the store keeps them. */
const idOf = (p: { venue: string; wallet: string; kind: string; key: string }) =>
  JSON.stringify([
    p.venue,
    p.wallet.toLowerCase(),
    p.kind,
    /^0x[0-9a-f]*$/i.test(p.key) ? p.key.toLowerCase() : p.key,
  ])
