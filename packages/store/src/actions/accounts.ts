import { asc, eq, inArray } from 'drizzle-orm'
import type { StoreExecutor, StoreTx } from '../dialect/executor.js'
import { chunk, lower } from '../internal/normalize.js'
import type { Account, Address, WalletSource } from '../types.js'

export type SetAccountParameters = {
  name: string
  /** The account's full wallet list (replaces the previous one). */
  wallets: readonly Address[]
  /** Source recorded for wallets not tracked yet (they start being tracked). Default 'api'. */
  source?: Exclude<WalletSource, 'discovered'> | undefined
}
export type SetAccountReturnType = Account

/**
 * Creates or replaces a named account (a group of wallets), tracking its wallets. One transaction.
 *
 * @example
 * await store.setAccount({ name: 'alice', wallets: ['0xabc…', '0xdef…'], source: 'config' })
 */
export function setAccount(
  db: StoreExecutor,
  parameters: SetAccountParameters,
  now: () => number,
): Promise<SetAccountReturnType> {
  const members = [...new Set(parameters.wallets.map(lower))].sort()
  return db.write(async ({ q, t: { accounts, accountWallets, wallets } }) => {
    const at = now()
    await q.insert(accounts).values({ name: parameters.name, createdAt: at }).onConflictDoNothing()
    await q.delete(accountWallets).where(eq(accountWallets.account, parameters.name))
    for (const wallet of members) {
      await q
        .insert(wallets)
        .values({ address: wallet, source: parameters.source ?? 'api', firstSeenAt: at })
        .onConflictDoNothing()
      await q.insert(accountWallets).values({ account: parameters.name, wallet })
    }
    return { name: parameters.name, wallets: members }
  })
}

export type DeleteAccountParameters = { name: string }
export type DeleteAccountReturnType = { deleted: boolean }

/**
 * Deletes an account (its wallets stay tracked).
 *
 * @example
 * await store.deleteAccount({ name: 'alice' })
 */
export function deleteAccount(
  db: StoreExecutor,
  parameters: DeleteAccountParameters,
): Promise<DeleteAccountReturnType> {
  return db.write(async ({ q, t: { accounts } }) => {
    const deleted = await q
      .delete(accounts)
      .where(eq(accounts.name, parameters.name))
      .returning({ name: accounts.name })
    return { deleted: deleted.length > 0 }
  })
}

export type GetAccountsParameters = {
  /** Only these accounts (a DataLoader batch); all when omitted. */
  names?: readonly string[] | undefined
  /** Only accounts that contain one of these wallets. */
  wallets?: readonly Address[] | undefined
}
export type GetAccountsReturnType = Account[]

/**
 * Accounts with their wallets, ordered by name (wallets by address). Unknown names are absent.
 *
 * @example
 * const [alice] = await store.getAccounts({ names: ['alice'] })
 */
export async function getAccounts(
  { q, t: { accounts, accountWallets } }: StoreTx,
  parameters: GetAccountsParameters = {},
): Promise<GetAccountsReturnType> {
  let names: string[] | undefined = parameters.names ? [...new Set(parameters.names)] : undefined
  if (parameters.wallets) {
    const holding: string[] = []
    for (const part of chunk([...new Set(parameters.wallets.map(lower))]))
      for (const row of await q
        .selectDistinct({ account: accountWallets.account })
        .from(accountWallets)
        .where(inArray(accountWallets.wallet, part)))
        holding.push(row.account)
    names = names ? names.filter((name) => holding.includes(name)) : [...new Set(holding)]
  }
  const rows: { name: string; wallet: string | null }[] = []
  for (const part of names ? chunk(names) : [undefined])
    rows.push(
      ...(await q
        .select({ name: accounts.name, wallet: accountWallets.wallet })
        .from(accounts)
        .leftJoin(accountWallets, eq(accountWallets.account, accounts.name))
        .where(part ? inArray(accounts.name, part) : undefined)
        .orderBy(asc(accounts.name), asc(accountWallets.wallet))),
    )
  const byName = new Map<string, Address[]>()
  for (const row of rows) {
    const list = byName.get(row.name) ?? []
    if (row.wallet) list.push(row.wallet as Address)
    byName.set(row.name, list)
  }
  return [...byName.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, members]) => ({ name, wallets: members }))
}
