import { asc, inArray } from 'drizzle-orm'
import type { StoreExecutor, StoreTx } from '../dialect/executor.js'
import { listPlaceholders } from '../dialect/prepared.js'
import { lower } from '../internal/normalize.js'
import type { Address, Asset, Chain } from '../types.js'

export type UpsertChainsParameters = { chains: readonly Chain[] }
export type UpsertChainsReturnType = { upserted: number }

/**
 * Registers chains (or updates their name and finality rule). A chain must exist before blocks are committed.
 *
 * @example
 * await store.upsertChains({ chains: [{ chainId: 1, name: 'mainnet', finalityDepth: 65, useFinalizedTag: true }] })
 */
export function upsertChains(
  db: StoreExecutor,
  parameters: UpsertChainsParameters,
): Promise<UpsertChainsReturnType> {
  return db.write(async ({ q, t: { chains } }) => {
    for (const chain of parameters.chains)
      await q
        .insert(chains)
        .values(chain)
        .onConflictDoUpdate({
          target: chains.chainId,
          set: {
            name: chain.name,
            finalityDepth: chain.finalityDepth,
            useFinalizedTag: chain.useFinalizedTag,
          },
        })
    return { upserted: parameters.chains.length }
  })
}

export type GetChainsParameters = { chainIds?: readonly number[] | undefined }
export type GetChainsReturnType = Chain[]

/**
 * Registered chains, ordered by id.
 *
 * @example
 * const all = await store.getChains()
 */
export async function getChains(
  { prepared, t: { chains } }: StoreTx,
  parameters: GetChainsParameters = {},
): Promise<GetChainsReturnType> {
  const ids = parameters.chainIds && listPlaceholders('c', parameters.chainIds)
  if (ids?.refs.length === 0) return []
  return await prepared(`chains:${ids?.key ?? 'all'}`, (q) =>
    q
      .select()
      .from(chains)
      .where(ids ? inArray(chains.chainId, ids.refs) : undefined)
      .orderBy(asc(chains.chainId)),
  ).execute(ids?.values)
}

export type UpsertAssetsParameters = { assets: readonly Asset[] }
export type UpsertAssetsReturnType = { upserted: number }

/**
 * Inserts or replaces assets by (chain, address). Not versioned: assets are configuration.
 *
 * @example
 * await store.upsertAssets({ assets: [{ chainId: 1, address: '0xc02a…', symbol: 'WETH', decimals: 18, factor: '0.8', feed: '0x5f4e…' }] })
 */
export function upsertAssets(
  db: StoreExecutor,
  parameters: UpsertAssetsParameters,
): Promise<UpsertAssetsReturnType> {
  return db.write(async ({ q, t: { assets } }) => {
    for (const asset of parameters.assets) {
      const row = { ...asset, address: lower(asset.address), feed: asset.feed ? lower(asset.feed) : null }
      await q
        .insert(assets)
        .values(row)
        .onConflictDoUpdate({
          target: [assets.chainId, assets.address],
          set: { symbol: row.symbol, decimals: row.decimals, factor: row.factor, feed: row.feed },
        })
    }
    return { upserted: parameters.assets.length }
  })
}

export type GetAssetsParameters = { chainIds?: readonly number[] | undefined }
export type GetAssetsReturnType = Asset[]

/**
 * Assets, ordered by chain and address.
 *
 * @example
 * const onMainnet = await store.getAssets({ chainIds: [1] })
 */
export async function getAssets(
  { q, t: { assets } }: StoreTx,
  parameters: GetAssetsParameters = {},
): Promise<GetAssetsReturnType> {
  const rows = await q
    .select()
    .from(assets)
    .where(parameters.chainIds ? inArray(assets.chainId, [...parameters.chainIds]) : undefined)
    .orderBy(asc(assets.chainId), asc(assets.address))
  return rows.map((row) => ({ ...row, address: row.address as Address, feed: row.feed as Address | null }))
}
