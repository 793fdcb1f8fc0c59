import { asc, inArray } from 'drizzle-orm'
import type { SqliteDatabase, SqliteExecutor } from '../dialect/sqlite/open-database.js'
import { assets, chains } from '../dialect/sqlite/schema.js'
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
export function upsertChains(db: SqliteDatabase, parameters: UpsertChainsParameters): UpsertChainsReturnType {
  return db.transaction(
    (tx) => {
      for (const chain of parameters.chains)
        tx.insert(chains)
          .values(chain)
          .onConflictDoUpdate({
            target: chains.chainId,
            set: {
              name: chain.name,
              finalityDepth: chain.finalityDepth,
              useFinalizedTag: chain.useFinalizedTag,
            },
          })
          .run()
      return { upserted: parameters.chains.length }
    },
    { behavior: 'immediate' },
  )
}

export type GetChainsParameters = { chainIds?: readonly number[] | undefined }
export type GetChainsReturnType = Chain[]

/**
 * Registered chains, ordered by id.
 *
 * @example
 * const all = await store.getChains()
 */
export function getChains(db: SqliteExecutor, parameters: GetChainsParameters = {}): GetChainsReturnType {
  return db
    .select()
    .from(chains)
    .where(parameters.chainIds ? inArray(chains.chainId, [...parameters.chainIds]) : undefined)
    .orderBy(asc(chains.chainId))
    .all()
}

export type UpsertAssetsParameters = { assets: readonly Asset[] }
export type UpsertAssetsReturnType = { upserted: number }

/**
 * Inserts or replaces assets by (chain, address). Not versioned: assets are configuration.
 *
 * @example
 * await store.upsertAssets({ assets: [{ chainId: 1, address: '0xc02a…', symbol: 'WETH', decimals: 18, factor: '0.8', feed: '0x5f4e…' }] })
 */
export function upsertAssets(db: SqliteDatabase, parameters: UpsertAssetsParameters): UpsertAssetsReturnType {
  return db.transaction(
    (tx) => {
      for (const asset of parameters.assets) {
        const row = { ...asset, address: lower(asset.address), feed: asset.feed ? lower(asset.feed) : null }
        tx.insert(assets)
          .values(row)
          .onConflictDoUpdate({
            target: [assets.chainId, assets.address],
            set: { symbol: row.symbol, decimals: row.decimals, factor: row.factor, feed: row.feed },
          })
          .run()
      }
      return { upserted: parameters.assets.length }
    },
    { behavior: 'immediate' },
  )
}

export type GetAssetsParameters = { chainIds?: readonly number[] | undefined }
export type GetAssetsReturnType = Asset[]

/**
 * Assets, ordered by chain and address.
 *
 * @example
 * const onMainnet = await store.getAssets({ chainIds: [1] })
 */
export function getAssets(db: SqliteExecutor, parameters: GetAssetsParameters = {}): GetAssetsReturnType {
  return db
    .select()
    .from(assets)
    .where(parameters.chainIds ? inArray(assets.chainId, [...parameters.chainIds]) : undefined)
    .orderBy(asc(assets.chainId), asc(assets.address))
    .all()
    .map((row) => ({ ...row, address: row.address as Address, feed: row.feed as Address | null }))
}
