import { customType } from 'drizzle-orm/sqlite-core'
import {
  decodeSortableInt,
  encodeSortableInt,
  evmIntBounds,
  type IntegerBounds,
  int256Bounds,
  uint256Bounds,
} from '../../codec/sortable-int.js'
import { StoreError } from '../../errors.js'

/**
 * SQLite has no 256-bit integer, so big integers are stored as fixed-width sortable text
 * (see `encodeSortableInt`): `ORDER BY` and range comparisons on the column are numeric.
 * On PostgreSQL the same columns would be `numeric(78, 0)`.
 */
const sortableInt = (bounds: IntegerBounds) =>
  customType<{ data: bigint; driverData: string }>({
    dataType: () => 'text',
    toDriver: (value) => encodeSortableInt({ value, bounds }),
    fromDriver: (text) => decodeSortableInt({ text, bounds }),
  })

/** A uint256 column. */
export const uint256 = sortableInt(uint256Bounds)
/** An int256 column. */
export const int256 = sortableInt(int256Bounds)
/** A column that holds any uint256 or int256 value (e.g. a raw amount that may be signed). */
export const evmInt = sortableInt(evmIntBounds)

/** Kind-specific extra fields: a flat object of strings, stored as JSON with sorted keys. */
export type Extra = Record<string, string>

/** Serialises with sorted keys so that equal objects are equal text (stable content hashes). */
export function canonicalJson(extra: Extra): string {
  const sorted: Extra = {}
  for (const key of Object.keys(extra).sort()) {
    const value = extra[key]
    if (typeof value !== 'string')
      throw new StoreError('Position extra fields must be strings.', {
        details: `extra.${key} is ${typeof value}`,
      })
    sorted[key] = value
  }
  return JSON.stringify(sorted)
}

/** A JSON text column holding `Extra`. */
export const extraJson = customType<{ data: Extra; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => canonicalJson(value),
  fromDriver: (text) => JSON.parse(text) as Extra,
})
