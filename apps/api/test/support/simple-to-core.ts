import type { Position as CorePosition } from '@xmargin/core'
import type { StoredPositionInput } from '../../src/chain.js'

/**
 * Test and bench venue mapping for store-only fixtures: wallet rows keyed by token address, perp rows
 * keyed by asset with `extra.entryPrice` (8 decimals), option rows (18-decimal contracts) with
 * `extra.underlying`, `right`, `strike` (8 decimals) and `expiry`. The real mapping is the adapters' `toCore`,
 * exercised in the devnet tests.
 *
 * @example
 * const chain = { chainId: 1, venues: [{ venue: 'wallet', toCore: simpleToCore(1, assets) }] }
 */
export function simpleToCore(chainId: number, assets: Map<string, { symbol: string; decimals: number }>) {
  return (p: StoredPositionInput, blockNumber: bigint): CorePosition => {
    const base = {
      id: `${chainId}:${p.venue}:${p.wallet}:${p.kind}:${p.key}`,
      chainId,
      venue: p.venue,
      wallet: p.wallet,
      blockNumber,
    }
    if (p.kind === 'perp')
      return {
        ...base,
        kind: 'perp',
        asset: p.key,
        amount: p.amount,
        decimals: 18,
        entryPrice: { value: BigInt(p.extra.entryPrice ?? '0'), decimals: 8 },
        funding: { value: 0n, decimals: 8 },
      }
    if (p.kind === 'option')
      return {
        ...base,
        kind: 'option',
        asset: p.extra.underlying ?? '',
        amount: p.amount,
        decimals: 18,
        right: p.extra.right === 'put' ? 'put' : 'call',
        strike: { value: BigInt(p.extra.strike ?? '0'), decimals: 8 },
        expiry: Number(p.extra.expiry ?? 0),
      }
    const asset = assets.get(p.key)
    if (!asset) throw new Error(`unknown token ${p.key}`)
    return { ...base, kind: 'spot', asset: asset.symbol, amount: p.amount, decimals: asset.decimals }
  }
}
