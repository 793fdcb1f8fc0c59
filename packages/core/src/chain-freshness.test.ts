import { describe, expect, test } from 'vitest'
import { assessChainFreshness, defaultMaxLagSeconds } from './chain-freshness.js'

const now = 1_800_000_000
// lastSuccessAt is unix ms, as the indexer's status gives it.
const sync = { headTimestamp: now - 5, lastSuccessAt: (now - 1) * 1000, consecutiveErrors: 0 }

describe('assessChainFreshness()', () => {
  test('a chain whose indexed block stopped advancing turns stale after its own maxLagSeconds, with or without the indexer view', () => {
    for (const view of [undefined, { ...sync, headTimestamp: now - 31 }]) {
      expect(
        assessChainFreshness({ now, maxLagSeconds: 30, indexedTimestamp: now - 30, sync: view }),
      ).toEqual({
        ageSeconds: 30,
        stale: false,
        reasons: [],
      })
      // The indexer keeps stepping successfully (head == indexed): the wall clock alone decides.
      expect(
        assessChainFreshness({ now, maxLagSeconds: 30, indexedTimestamp: now - 31, sync: view }),
      ).toMatchObject({
        stale: true,
        reasons: ['head-age'],
      })
    }
    // Another chain's limit is its own.
    expect(assessChainFreshness({ now, maxLagSeconds: 600, indexedTimestamp: now - 31 }).stale).toBe(false)
    expect(assessChainFreshness({ now, indexedTimestamp: now - defaultMaxLagSeconds - 1 }).stale).toBe(true)
  })

  test('the indexer view adds a head far ahead, no completed step for the limit, and repeated failures', () => {
    const at = { now, maxLagSeconds: 60, indexedTimestamp: now - 10 }
    expect(assessChainFreshness({ ...at, sync: { ...sync, headTimestamp: now + 51 } }).reasons).toEqual([
      'behind-head',
    ])
    expect(assessChainFreshness({ ...at, sync: { ...sync, lastSuccessAt: null } }).reasons).toEqual([
      'sync-unchecked',
    ])
    expect(
      assessChainFreshness({ ...at, sync: { ...sync, lastSuccessAt: (now - 61) * 1000 } }).reasons,
    ).toEqual(['sync-unchecked'])
    expect(assessChainFreshness({ ...at, sync: { ...sync, consecutiveErrors: 3 } }).reasons).toEqual([
      'sync-failing',
    ])
    expect(assessChainFreshness({ ...at, sync: { ...sync, consecutiveErrors: 2 } }).stale).toBe(false)
  })

  test('nothing indexed is stale without an age; a block ahead of the clock has age 0', () => {
    expect(assessChainFreshness({ now, indexedTimestamp: null })).toEqual({
      ageSeconds: null,
      stale: true,
      reasons: ['head-age'],
    })
    expect(assessChainFreshness({ now, indexedTimestamp: now + 5 }).ageSeconds).toBe(0)
  })
})
