import type { Account } from '@xmargin/store'
import { ApiError, assertAddressCount } from '../errors.js'
import type { ApiBuilder, ApiContext } from './builder.js'

function requireAdmin(ctx: ApiContext): void {
  if (!ctx.isAdmin)
    throw new ApiError(
      'UNAUTHENTICATED',
      'This mutation needs the admin API key (header `authorization: Bearer <key>`).',
    )
}

/**
 * Adds the admin mutations `trackWallet` and `createAccount` (`UNAUTHENTICATED` without the admin key).
 *
 * @example
 * addAdminMutations(builder)
 */
export function addAdminMutations(builder: ApiBuilder): void {
  const TrackResult = builder.objectRef<{ address: string; added: boolean }>('TrackWalletResult')
  TrackResult.implement({
    fields: (t) => ({
      address: t.expose('address', { type: 'Address' }),
      added: t.exposeBoolean('added', { description: 'False when the wallet was already tracked.' }),
    }),
  })
  const CreatedAccount = builder.objectRef<Account>('CreatedAccount')
  CreatedAccount.implement({
    fields: (t) => ({
      id: t.exposeString('name'),
      wallets: t.field({ type: ['Address'], resolve: (a) => a.wallets }),
    }),
  })
  builder.mutationType({
    fields: (t) => ({
      trackWallet: t.field({
        type: TrackResult,
        description:
          "Starts tracking a wallet (no auto-tracking caps). With an indexer in the server process it is read at once at each chain's indexed block (waiting up to the auto-track wait); otherwise the indexer reads it from its next block.",
        args: { address: t.arg({ type: 'Address', required: true }) },
        resolve: async (_root, args, ctx) => {
          requireAdmin(ctx)
          const { added } = await ctx.marginService.tracking.trackAsAdmin([args.address])
          ctx.logger.info({ wallet: args.address, added: added.length > 0 }, 'wallet tracked')
          return { address: args.address, added: added.length > 0 }
        },
      }),
      createAccount: t.field({
        type: CreatedAccount,
        description: 'Creates or replaces a named account (a group of wallets); its wallets are tracked.',
        args: {
          id: t.arg.string({ required: true }),
          wallets: t.arg({ type: ['Address'], required: true }),
        },
        resolve: async (_root, args, ctx) => {
          requireAdmin(ctx)
          assertAddressCount(args.wallets)
          if (!/^[\w.-]{1,64}$/.test(args.id))
            throw new ApiError('BAD_USER_INPUT', 'An account id is 1-64 letters, digits, `_`, `.` or `-`.')
          // Read at once by an in-process indexer, like trackWallet.
          await ctx.marginService.tracking.trackAsAdmin(args.wallets)
          const account = await ctx.store.setAccount({ name: args.id, wallets: args.wallets, source: 'api' })
          ctx.logger.info({ account: account.name, wallets: account.wallets.length }, 'account created')
          return account
        },
      }),
    }),
  })
}
