import { ApiError } from '../errors.js'
import type { ChainFreshness } from '../service/chain-freshness.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'

/**
 * Adds `Query.chains` (sync state of every indexed chain) and `Query.chain(chainId)` (`UNKNOWN_CHAIN`
 * for a chain the server does not index).
 *
 * @example
 * addChainsQuery(builder, enums)
 */
export function addChainsQuery(builder: ApiBuilder, enums: Enums): void {
  const Chain = builder.objectRef<ChainFreshness>('Chain')
  Chain.implement({
    fields: (t) => ({
      chainId: t.exposeInt('chainId'),
      name: t.exposeString('name'),
      head: t.field({
        type: 'BigInt',
        nullable: true,
        description: 'Chain head as last seen by the indexer (null without an indexer status).',
        resolve: (c) => c.headBlock,
      }),
      indexedBlock: t.expose('blockNumber', { type: 'BigInt', nullable: true }),
      indexedHash: t.exposeString('blockHash', { nullable: true }),
      indexedTimestamp: t.exposeInt('timestamp', { nullable: true }),
      finalizedBlock: t.expose('finalizedBlock', { type: 'BigInt', nullable: true }),
      lagBlocks: t.expose('lagBlocks', { type: 'BigInt', nullable: true }),
      ageSeconds: t.exposeInt('ageSeconds', { nullable: true }),
      status: t.field({
        type: enums.ChainSyncStatus,
        resolve: (c) => c.state,
      }),
    }),
  })
  builder.queryFields((t) => ({
    chains: t.field({
      type: [Chain],
      resolve: async (_root, _args, ctx) => (await ctx.service.freshness()).chains,
    }),
    chain: t.field({
      type: Chain,
      args: { chainId: t.arg.int({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const found = (await ctx.service.freshness()).chains.find((c) => c.chainId === args.chainId)
        if (!found)
          throw new ApiError('UNKNOWN_CHAIN', `Chain ${args.chainId} is not indexed by this server.`)
        return found
      },
    }),
  }))
}
