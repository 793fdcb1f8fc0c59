import { createPublicClient, http } from 'viem'
import { describe, expect, test } from 'vitest'
import type { VenueAdapter } from '../adapter.js'
import { bindAdapter } from '../bind-adapter.js'
import { SharedStateUnsettledError } from '../errors/adapter-errors.js'
import { settleShared } from './settle-shared.js'

// No read calls, so no request is sent: the client's URL is never contacted.
const client = createPublicClient({ transport: http('http://127.0.0.1:9') })
const block = { number: 1n, timestamp: 1n }

/** A venue whose shared state is the number of hinted rounds behind it; settled from `settleAt` on. */
function countingVenue(settleAt: number) {
  const hints: (number | undefined)[] = []
  const adapter: VenueAdapter<null, number> = {
    venue: `counting-${settleAt}`,
    logFilter: () => ({ address: [], events: [] }),
    walletsOf: () => [],
    sharedReads: () => [],
    decodeShared: (_context, _results, { hint }) => {
      hints.push(hint)
      return (hint ?? 0) + 1
    },
    isSettled: (rounds) => rounds >= settleAt,
    walletReads: () => [],
    decodeWallet: () => [],
    revalue: ({ position }) => position,
    toCore: () => {
      throw new Error('not used')
    },
  }
  return { bound: bindAdapter(adapter, { chainId: 1, venue: null, assets: new Map() }), hints }
}

describe('settleShared()', () => {
  test('re-reads only unsettled venues, each hinted by its own last state, until settled', async () => {
    const twoRounds = countingVenue(2)
    const oneRound = countingVenue(1)
    const adapters = [twoRounds.bound, oneRound.bound]
    const first = adapters.map((a) => a.planShared().decode([], block))
    expect(adapters.map((a, i) => a.isSettled(first[i] as never))).toEqual([false, true])
    const { shared } = await settleShared({ client, block, adapters, shared: first })
    expect(shared[1]).toBe(first[1]) // settled venues are not read again
    expect(twoRounds.hints).toEqual([undefined, 1])
    expect(oneRound.hints).toEqual([undefined])
    expect(adapters[0]?.isSettled(shared[0] as never)).toBe(true)
    // The next block's plan is hinted by the last settled state without being told.
    twoRounds.bound.planShared().decode([], block)
    expect(twoRounds.hints.at(-1)).toBe(2)
  })

  test('throws SharedStateUnsettledError when a venue is still unsettled after maxRounds', async () => {
    const never = countingVenue(Number.POSITIVE_INFINITY)
    const first = never.bound.planShared().decode([], block)
    const error = await settleShared({
      client,
      block,
      adapters: [never.bound],
      shared: [first],
      maxRounds: 2,
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SharedStateUnsettledError)
    expect((error as Error).message).toContain('did not settle in 3 rounds')
    expect(never.hints).toEqual([undefined, 1, 2])
  })
})
