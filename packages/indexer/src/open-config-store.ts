import type { ResolvedConfig } from '@xmargin/config'
import { type OpenStoreParameters, openStore, type Store } from '@xmargin/store'

/** Parameters of {@link openConfigStore}: a loaded config's database, chains, wallets and accounts. */
export type OpenConfigStoreParameters = Pick<ResolvedConfig, 'chains' | 'database' | 'wallets' | 'accounts'>
/** Return type of {@link openConfigStore}. */
export type OpenConfigStoreReturnType = Store

/**
 * Opens and migrates a config's database (SQLite file or PostgreSQL URL), registers its chains and tracks its wallets and
 * accounts (`openStore`): what the indexer, and the API beside it, run over. `register: false` opens it
 * without writing (an API alone: the indexer registers).
 *
 * @example
 * const store = await openConfigStore(await loadConfig({ file: 'xmargin.config.ts' }))
 */
export function openConfigStore(
  config: OpenConfigStoreParameters,
  options: Pick<OpenStoreParameters, 'register'> = {},
): Promise<OpenConfigStoreReturnType> {
  const { database } = config
  return openStore({
    register: options.register,
    ...(database.dialect === 'sqlite' ? { path: database.path } : { url: database.url }),
    chains: config.chains,
    wallets: config.wallets,
    accounts: config.accounts,
  })
}
