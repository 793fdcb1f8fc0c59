import type { PositionWrite, Store } from '@xmargin/store'
import { type Hex, keccak256, toHex } from 'viem'
import type { ApiChain } from '../src/chain.js'
import { simpleEngine } from '../test/support/simple-engine.js'

const symbols = [
  { symbol: 'WETH', decimals: 18, price: 3000n, amount: 2n * 10n ** 18n },
  { symbol: 'WBTC', decimals: 8, price: 60_000n, amount: 10n ** 7n },
  { symbol: 'USDC', decimals: 6, price: 1n, amount: 5_000n * 10n ** 6n },
  { symbol: 'USDT', decimals: 6, price: 1n, amount: 3_000n * 10n ** 6n },
  { symbol: 'DAI', decimals: 18, price: 1n, amount: 2_000n * 10n ** 18n },
] as const
export const benchChainIds = [1, 10, 8453, 42161] as const
const address = (tag: number): `0x${string}` => `0x${tag.toString(16).padStart(40, '0')}`
const token = (chainId: number, i: number) => address(0xa0000 + chainId * 16 + i)
const feed = (chainId: number, i: number) => address(0xf0000 + chainId * 16 + i)
const hash = (chainId: number, n: number): Hex => keccak256(toHex(`bench:${chainId}:${n}`))

/** The 20-position cross-chain wallet: 5 tokens on 4 chains, one of them replaced by a short ETH perp. */
export const bookWallet = address(0xb00c)
/** 18 ETH options (calls and puts, strikes 2,600–3,400, one expiry) and 50,000 USDC on chain 1. */
export const optionsWallet = address(0x0b7)
/** The options' expiry (2030-03-17), unix seconds. */
const optionsExpiry = 1_900_000_000
/** The implied-vol feed of the options' expiry on chain 1 (60%). */
const volFeed = address(0xf0fee)

/** 1,000 wallets with two positions each on chain 1. */
export const solvencyWallets = Array.from({ length: 1000 }, (_, i) => address(0x10000 + i))

const assetsOf = (chainId: number) =>
  new Map<string, { symbol: string; decimals: number }>(
    symbols.map((s, i) => [token(chainId, i), { symbol: s.symbol, decimals: s.decimals }]),
  )

/** Chains for the bench: wallet spot positions by token, perps keyed by asset symbol. */
export function benchChains(): ApiChain[] {
  return benchChainIds.map((chainId) => ({
    chainId,
    name: `chain-${chainId}`,
    assets: assetsOf(chainId),
    priceAliases: { ETH: 'WETH' },
    ...(chainId === 1 ? { volatilityFeeds: [{ feed: volFeed, asset: 'ETH', expiry: optionsExpiry }] } : {}),
  }))
}

/** Seeds one block per chain with the bench book and the 1,000 solvency wallets. */
export async function seedBenchStore(store: Store, timestamp: number): Promise<void> {
  await store.upsertChains({
    chains: benchChainIds.map((chainId) => ({
      chainId,
      name: `chain-${chainId}`,
      finalityDepth: 10,
      useFinalizedTag: false,
    })),
  })
  for (const chainId of benchChainIds) {
    const upserts: PositionWrite[] = symbols.map((s, i) => ({
      venue: 'wallet',
      wallet: bookWallet,
      kind: 'spot',
      key: token(chainId, i),
      amount: s.amount,
    }))
    if (chainId === 42161) {
      upserts.pop()
      upserts.push({
        venue: 'perp',
        wallet: bookWallet,
        kind: 'perp',
        key: 'ETH',
        amount: -6n * 10n ** 18n,
        extra: { entryPrice: '300000000000' },
      })
    }
    if (chainId === 1) {
      upserts.push({
        venue: 'wallet',
        wallet: optionsWallet,
        kind: 'spot',
        key: token(1, 2),
        amount: 50_000n * 10n ** 6n,
      })
      for (const [i, strike] of [2600, 2700, 2800, 2900, 3000, 3100, 3200, 3300, 3400].entries())
        for (const right of ['call', 'put'] as const)
          upserts.push({
            venue: 'options',
            wallet: optionsWallet,
            kind: 'option',
            key: `ETH-${optionsExpiry}-${strike}-${right}`,
            amount: (i % 2 === 0 ? 1n : -1n) * 10n ** 18n,
            extra: { underlying: 'ETH', right, strike: String(strike * 1e8), expiry: String(optionsExpiry) },
          })
    }
    if (chainId === 1)
      for (const w of solvencyWallets)
        upserts.push(
          { venue: 'wallet', wallet: w, kind: 'spot', key: token(1, 0), amount: 10n ** 18n },
          { venue: 'wallet', wallet: w, kind: 'spot', key: token(1, 2), amount: 1_000n * 10n ** 6n },
        )
    await store.commitBlock({
      chainId,
      block: { number: 1, hash: hash(chainId, 1), parentHash: hash(chainId, 0), timestamp },
      positions: { upserts: upserts.map(simpleEngine(chainId, assetsOf(chainId))) },
      prices: [
        ...symbols.map((s, i) => ({
          feed: feed(chainId, i),
          asset: token(chainId, i),
          value: s.price * 10n ** 8n,
          decimals: 8,
          updatedAt: timestamp,
          roundId: 1n,
        })),
        ...(chainId === 1
          ? [
              {
                feed: volFeed,
                asset: null,
                value: 60_000_000n,
                decimals: 8,
                updatedAt: timestamp,
                roundId: 1n,
              },
            ]
          : []),
      ],
      cursors: ['head'],
      complete: true,
    })
  }
}
