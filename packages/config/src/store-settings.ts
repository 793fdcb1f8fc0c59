/**
 * `store` in `xmargin.config.ts`: what the store keeps. Below each chain's finalized block the store
 * prunes superseded position and price versions (no reorg can need them); `retainHistoryDays` keeps
 * them that much chain time longer, so reads as of past blocks (`marginHistory`, `xmargin history`)
 * are answered over those days.
 */
export type StoreConfig = {
  /**
   * Days of history kept below the finalized block, by block timestamp (fractions allowed); 0 keeps
   * nothing below it. Default {@link defaultStoreSettings}: 7. The cost grows with the wallets tracked:
   * interest-bearing balances (Aave, Morpho) take a new version at almost every indexed block, about
   * 1,700 rows an hour for the devnet's demo wallets.
   */
  retainHistoryDays?: number | undefined
  /**
   * Seconds without a heartbeat after which an indexer's writer lease counts as abandoned, so a
   * standby on another host takes its chains over (a holder dead on the standby's own host is taken
   * over at once). The holder renews every third of it. Default: the indexer's, 30 s. Shorter fails
   * over sooner; too short for the database's latency makes a live writer lose its chains.
   */
  writerLockTimeoutSeconds?: number | undefined
}

/** `store` after validation, defaults applied. */
export type ResolvedStoreSettings = {
  /** `retainHistoryDays` in seconds (what `markFinalized` takes). */
  retainHistorySeconds: number
  /** `writerLockTimeoutSeconds` in ms (what `startIndexer` takes); undefined: the indexer's default. */
  writerLockTimeoutMs: number | undefined
}

/** Defaults of `store`. */
export const defaultStoreSettings = { retainHistoryDays: 7 } as const

const DAY = 86_400

/** {@link defaultStoreSettings}' window in seconds: what runs without a config (`xmargin dev`) keep. */
export const defaultRetainHistorySeconds = defaultStoreSettings.retainHistoryDays * DAY

const keys = ['retainHistoryDays', 'writerLockTimeoutSeconds']

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Parameters of {@link validateStoreSettings}. */
export type ValidateStoreSettingsParameters = {
  store: unknown
  issue: (path: string, message: string) => void
}

/**
 * Validates `store` and applies {@link defaultStoreSettings}: unknown keys are issues,
 * `retainHistoryDays` must be a number ≥ 0 and `writerLockTimeoutSeconds` a number > 0.
 *
 * @example
 * validateStoreSettings({ store: { retainHistoryDays: 7 }, issue }) // { retainHistorySeconds: 604800, writerLockTimeoutMs: undefined }
 */
export function validateStoreSettings(parameters: ValidateStoreSettingsParameters): ResolvedStoreSettings {
  const { store, issue } = parameters
  const resolved: ResolvedStoreSettings = {
    retainHistorySeconds: defaultRetainHistorySeconds,
    writerLockTimeoutMs: undefined,
  }
  if (store === undefined) return resolved
  if (!isObject(store)) {
    issue('store', 'must be an object ({ retainHistoryDays, writerLockTimeoutSeconds })')
    return resolved
  }
  for (const key of Object.keys(store))
    if (!keys.includes(key)) issue(`store.${key}`, `unknown key (expected one of ${keys.join(', ')})`)
  const days = store.retainHistoryDays
  if (days !== undefined) {
    if (typeof days !== 'number' || !Number.isFinite(days) || days < 0)
      issue('store.retainHistoryDays', 'must be a number of days ≥ 0')
    else resolved.retainHistorySeconds = Math.round(days * DAY)
  }
  const timeout = store.writerLockTimeoutSeconds
  if (timeout !== undefined) {
    if (typeof timeout !== 'number' || !Number.isFinite(timeout) || Math.round(timeout * 1000) < 1)
      issue('store.writerLockTimeoutSeconds', 'must be a number of seconds > 0')
    else resolved.writerLockTimeoutMs = Math.round(timeout * 1000)
  }
  return resolved
}
