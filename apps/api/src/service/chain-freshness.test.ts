import type { ChainHead } from '@xmargin/store'
import { describe, expect, test } from 'vitest'
import { chainFreshness, isStaleDataReason } from './chain-freshness.js'

const now = 1_000
const block = (chainId: number, number: number) => ({
  chainId,
  number,
  finalized: false,
  hash: `0x${number.toString(16).padStart(64, '0')}` as const,
  parentHash: `0x${'0'.repeat(64)}` as const,
  timestamp: now - 2,
})
/** A head of chain `chainId` served at block 5, complete from `completeFrom`, with `incomplete`. */
const head = (chainId: number, incomplete: ChainHead['incomplete']): ChainHead => ({
  chain: { chainId, name: `chain ${chainId}`, finalityDepth: 10, useFinalizedTag: false },
  tip: block(chainId, 6),
  served: block(chainId, 5),
  clock: now - 1,
  cutTime: now - 1,
  finalized: null,
  cursors: [],
  completeFrom: incomplete === null ? 1 : 6,
  incomplete,
})
const freshness = (heads: ChainHead[]) =>
  chainFreshness({
    chains: heads.map((h) => ({ chainId: h.chain.chainId, name: h.chain.name })),
    snapshot: { heads, pins: [] },
    now,
  })

describe('chainFreshness', () => {
  test('a chain whose complete read starts after the cut is NOT_INDEXED with its own reason', () => {
    const { chains, reasons } = freshness([
      head(1, null),
      head(42161, 'before-cut'),
      head(8453, 'first-sync'),
    ])
    expect(chains.map((c) => [c.chainId, c.state])).toEqual([
      [1, 'LIVE'],
      [8453, 'NOT_INDEXED'],
      [42161, 'NOT_INDEXED'],
    ])
    expect(reasons).toEqual(['chain-not-indexed:8453', 'chain-before-cut:42161'])
    expect(reasons.every(isStaleDataReason)).toBe(true)
  })

  test('rolled back and reset chains are REINDEXING', () => {
    const { chains, reasons } = freshness([head(1, 'rolled-back'), head(10, 'reindexing')])
    expect(chains.map((c) => c.state)).toEqual(['REINDEXING', 'REINDEXING'])
    expect(reasons).toEqual(['chain-reindexing:1', 'chain-reindexing:10'])
  })
})
