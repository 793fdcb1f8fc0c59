import type { Account, StoredPosition } from '@xmargin/store'
import { ApiError, assertAddressCount } from '../errors.js'
import { isStaleDataReason } from '../service/chain-freshness.js'
import type { TrackingStatus } from '../service/wallet-tracking.js'
import type { ApiBuilder } from './builder.js'
import type { Enums } from './enums.js'
import type { ReportTypes } from './report-types.js'

type WalletShape = { address: string; tracking?: TrackingStatus | undefined }

/**
 * Adds `Query.margin`, `Query.wallet`, `Query.account` and the `Wallet`, `Account`, `StoredPosition` types.
 *
 * @example
 * addMarginQueries(builder, enums, reports)
 */
export function addMarginQueries(builder: ApiBuilder, enums: Enums, reports: ReportTypes): void {
  const StoredPositionRef = builder.objectRef<StoredPosition>('StoredPosition')
  StoredPositionRef.implement({
    description: 'A position exactly as indexed: raw amount, venue key and kind-specific fields.',
    fields: (t) => ({
      chainId: t.exposeInt('chainId'),
      venue: t.exposeString('venue'),
      kind: t.expose('kind', { type: enums.PositionKind }),
      key: t.exposeString('key', { description: 'Token address, or market / position id.' }),
      amount: t.expose('amount', { type: 'BigInt' }),
      blockNumber: t.field({ type: 'BigInt', resolve: (p) => BigInt(p.blockNumber) }),
      extra: t.field({
        type: 'String',
        description: 'Kind-specific fields as a JSON object of strings.',
        resolve: (p) => JSON.stringify(p.extra),
      }),
    }),
  })
  const Tracking = builder.enumType('TrackingStatus', {
    description: 'Whether the indexer reads a wallet (see the API README: wallets not tracked).',
    values: {
      TRACKED: { description: "Tracked and read at this answer's blocks." },
      PENDING: { description: 'Tracked a moment ago; its first read is not at these blocks yet.' },
      NOT_TRACKED: { description: 'Not tracked, and this server does not auto-track (UNKNOWN reports).' },
    } as const,
  })
  const Wallet = builder.objectRef<WalletShape>('Wallet')
  const AccountRef = builder.objectRef<Account>('Account')
  Wallet.implement({
    fields: (t) => ({
      address: t.expose('address', { type: 'Address' }),
      tracking: t.field({
        type: Tracking,
        description: 'TRACKED, PENDING (first read not at these blocks yet) or NOT_TRACKED.',
        resolve: (w, _args, ctx) => w.tracking ?? ctx.service.trackingStatus(w.address),
      }),
      margin: t.field({
        type: reports.MarginReport,
        args: { model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }) },
        resolve: (w, args, ctx) => ctx.service.margin([w.address], { model: args.model ?? 'portfolio' }),
      }),
      positions: t.field({
        type: [StoredPositionRef],
        description: 'Every indexed position of the wallet, raw.',
        resolve: (w, _args, ctx) => ctx.service.loaders.positions.load(w.address),
      }),
      balances: t.field({
        type: [StoredPositionRef],
        description: 'Plain wallet balances (native and ERC-20), raw.',
        resolve: async (w, _args, ctx) =>
          (await ctx.service.loaders.positions.load(w.address)).filter((p) => p.venue === 'wallet'),
      }),
    }),
  })
  AccountRef.implement({
    description: 'A named group of wallets margined together.',
    fields: (t) => ({
      id: t.exposeString('name'),
      wallets: t.field({ type: [Wallet], resolve: (a) => a.wallets.map((address) => ({ address })) }),
      margin: t.field({
        type: reports.MarginReport,
        args: { model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }) },
        resolve: (a, args, ctx) => ctx.service.margin(a.wallets, { model: args.model ?? 'portfolio' }),
      }),
      positions: t.field({
        type: [StoredPositionRef],
        resolve: async (a, _args, ctx) =>
          (await ctx.service.loaders.positions.loadMany(a.wallets)).flatMap(okRows),
      }),
      balances: t.field({
        type: [StoredPositionRef],
        resolve: async (a, _args, ctx) =>
          (await ctx.service.loaders.positions.loadMany(a.wallets))
            .flatMap(okRows)
            .filter((p) => p.venue === 'wallet'),
      }),
    }),
  })

  builder.queryFields((t) => ({
    margin: t.field({
      type: reports.MarginReport,
      description: 'The unified report over any set of wallets (up to 1,000), across all indexed chains.',
      args: {
        addresses: t.arg({ type: ['Address'], required: true }),
        model: t.arg({ type: enums.MarginModel, defaultValue: 'portfolio' }),
        requireFresh: t.arg.boolean({
          defaultValue: false,
          description: 'Fail with STALE_DATA instead of answering UNKNOWN when a chain or price is stale.',
        }),
      },
      resolve: async (_root, args, ctx) => {
        assertAddressCount(args.addresses)
        const report = await ctx.service.margin(args.addresses, { model: args.model ?? 'portfolio' })
        const stale = report.statusReasons.filter(isStaleDataReason)
        if (args.requireFresh && stale.length > 0)
          throw new ApiError('STALE_DATA', `Inputs are stale: ${stale.join(', ')}.`)
        return report
      },
    }),
    wallet: t.field({
      type: Wallet,
      description:
        'One wallet; an untracked one is tracked first when the server auto-tracks (its raw positions are read then).',
      args: { address: t.arg({ type: 'Address', required: true }) },
      resolve: async (_root, args, ctx) => ({
        address: args.address,
        tracking: await ctx.service.trackingStatus(args.address),
      }),
    }),
    account: t.field({
      type: AccountRef,
      nullable: true,
      description: 'A named account (group of wallets); null when no account has this id.',
      args: { id: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => ctx.service.loaders.accounts.load(args.id),
    }),
  }))
}

function okRows(rows: readonly StoredPosition[] | Error): readonly StoredPosition[] {
  if (rows instanceof Error) throw rows
  return rows
}
