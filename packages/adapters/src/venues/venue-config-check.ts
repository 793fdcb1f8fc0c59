import { type Address, isAddress } from 'viem'

/**
 * What a venue's `validate` reports to: where its config sits (`venues.perpV2`), how a problem is
 * recorded (a key relative to the chain and a message), and the check that a symbol the config
 * names (a Perp v2 market, an options underlying) is a risk-parameter asset.
 */
export type VenueConfigCheck = {
  /** The venue's key path relative to its chain: `venues.<key>`. */
  at: string
  /** Records a problem at a key relative to the chain (`venues.perpV2.vault`). */
  issue: (path: string, message: string) => void
  /** Records an issue at `path` when `symbol` is not a risk-parameter asset (a no-op until those are valid). */
  asset: (path: string, symbol: string) => void
}

/**
 * A plain object (not null, not an array): what every venue config and its parts must be.
 *
 * @example
 * isConfigObject({ pool: '0x…' }) // true
 */
export function isConfigObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * A config value that is an address (any case).
 *
 * @example
 * isConfigAddress('0xcA11bde05977b3631167028862bE2a173976CA11') // true
 */
export function isConfigAddress(value: unknown): value is Address {
  return typeof value === 'string' && isAddress(value, { strict: false })
}

/** Parameters of {@link checkAddresses}. */
export type CheckAddressesParameters = {
  value: Record<string, unknown>
  /** The object's key path (`venues.aaveV3`). */
  at: string
  keys: readonly string[]
  /** Keys checked only when present. */
  optional?: readonly string[] | undefined
  issue: VenueConfigCheck['issue']
}

/**
 * Each of `keys` must be an address in `value` (`optional` ones only when present): an issue per
 * key that is not, `missing address` or `not an address: <value>`.
 *
 * @example
 * checkAddresses({ value: aave, at: 'venues.aaveV3', keys: ['pool', 'oracle'], issue })
 */
export function checkAddresses(parameters: CheckAddressesParameters): void {
  const { value, at, keys, optional = [], issue } = parameters
  for (const key of keys)
    if ((!optional.includes(key) || value[key] !== undefined) && !isConfigAddress(value[key]))
      issue(
        `${at}.${key}`,
        value[key] === undefined ? 'missing address' : `not an address: ${String(value[key])}`,
      )
}
