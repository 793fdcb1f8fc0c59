import { type Position as CorePosition, positionId } from '@xmargin/core'
import type { PositionWrite } from '@xmargin/store'

/**
 * Test and bench venue conversion for store-only fixtures, standing in for the indexer's: gives each
 * written row its engine position. Wallet rows are keyed by token address, perp rows by asset with
 * `extra.entryPrice` (8 decimals), option rows (18-decimal contracts) carry `extra.underlying`,
 * `right`, `strike` (8 decimals) and `expiry`. The real conversion is the adapters' `toCore`, run by the indexer
 * in the devnet tests.
 *
 * @example
 * const withEngine = simpleEngine(1, assets)
 * await store.commitBlock({ chainId: 1, block, positions: { upserts: rows.map(withEngine) } })
 */
export function simpleEngine(
  chainId: number,
  assets: ReadonlyMap<string, { symbol: string; decimals: number }>,
) {
  return (p: PositionWrite): PositionWrite => {
    const wallet = p.wallet.toLowerCase() as `0x${string}`
    const base = {
      id: positionId({ chainId, venue: p.venue, wallet, kind: p.kind, key: p.key }),
      chainId,
      venue: p.venue,
      wallet,
      // The store keeps the block of the row, not of the engine position.
      blockNumber: 0n,
    }
    let engine: CorePosition
    if (p.kind === 'perp')
      engine = {
        ...base,
        kind: 'perp',
        asset: p.key,
        amount: p.amount,
        decimals: 18,
        entryPrice: { value: BigInt(p.extra?.entryPrice ?? '0'), decimals: 8 },
        funding: { value: 0n, decimals: 8 },
      }
    else if (p.kind === 'option')
      engine = {
        ...base,
        kind: 'option',
        asset: p.extra?.underlying ?? '',
        amount: p.amount,
        decimals: 18,
        right: p.extra?.right === 'put' ? 'put' : 'call',
        strike: { value: BigInt(p.extra?.strike ?? '0'), decimals: 8 },
        expiry: Number(p.extra?.expiry ?? 0),
      }
    else {
      const asset = assets.get(p.key)
      if (!asset) throw new Error(`unknown token ${p.key}`)
      engine = { ...base, kind: 'spot', asset: asset.symbol, amount: p.amount, decimals: asset.decimals }
    }
    return { ...p, engine }
  }
}
