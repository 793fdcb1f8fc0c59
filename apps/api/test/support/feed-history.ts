import type { FeedRoundWrite, Store } from '@xmargin/store'
import { keccak256, toHex } from 'viem'
import { feeds, recordFixtureClocks, T0, tokens } from './store-fixture.js'

export const DAY = 86_400

/** 40 daily ETH closes, calm: ±1% a day. */
export const calmPath = () => {
  const path = [3000]
  for (let k = 1; k < 40; k++) path.push(path[k - 1]! * (1 + (k % 2 === 0 ? 0.01 : -0.01)))
  return path
}

/**
 * Commits block `n` of chain 1 with the rounds of `path` (daily, the last at T0 + n) as the ETH feed's
 * history and a flat USDC history; the block's prices are the last rounds. Every chain's clock is
 * then recorded at T0 + n + 1, as their indexers would after a step.
 */
export async function commitHistory(store: Store, n: number, path: readonly number[], firstRound = 1) {
  const end = T0 + n
  const rounds = (feed: `0x${string}`, answers: readonly bigint[]): FeedRoundWrite[] =>
    answers.map((answer, i) => ({
      feed,
      roundId: BigInt(firstRound + i),
      answer,
      decimals: 8,
      updatedAt: end - (answers.length - 1 - i) * DAY,
    }))
  const eth = rounds(
    feeds.eth1,
    path.map((p) => BigInt(Math.round(p * 1e8))),
  )
  const usdc = rounds(
    feeds.usdc1,
    path.map(() => 10n ** 8n),
  )
  const hash = (k: number) => keccak256(toHex(`1:${k}`))
  await store.commitBlock({
    chainId: 1,
    block: { number: n, hash: hash(n), parentHash: hash(n - 1), timestamp: end },
    prices: [
      {
        feed: feeds.eth1,
        asset: tokens.weth1,
        value: eth.at(-1)!.answer,
        decimals: 8,
        updatedAt: end,
        roundId: eth.at(-1)!.roundId,
      },
      {
        feed: feeds.usdc1,
        asset: tokens.usdc1,
        value: 10n ** 8n,
        decimals: 8,
        updatedAt: end,
        roundId: usdc.at(-1)!.roundId,
      },
    ],
    feedRounds: [...eth, ...usdc],
    cursors: ['head'],
    complete: true,
  })
  await recordFixtureClocks(store, end + 1)
  return { eth, usdc }
}
