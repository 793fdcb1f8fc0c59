import { bigint, customType } from 'drizzle-orm/pg-core'
import {
  assertIntInBounds,
  evmIntBounds,
  type IntegerBounds,
  int256Bounds,
  uint256Bounds,
} from '../../codec/sortable-int.js'
import { IntegerCodecError } from '../../errors.js'
import { canonicalJson, type Extra } from '../extra.js'

/**
 * PostgreSQL's columns for the store's value types, matching SQLite's (`../sqlite/columns.ts`) value for
 * value: text compares byte-wise (`COLLATE "C"`, SQLite's BINARY), so every `ORDER BY` (and the content
 * hash) is the same on both dialects whatever the database's default collation.
 */

/** A text column, optionally restricted to `enum` values (typing only, as on SQLite). */
export function text<const T extends readonly [string, ...string[]] | undefined = undefined>(
  name: string,
  _options?: { enum: T },
) {
  // The enum types the column's values, as `text(name, { enum })` does on SQLite (neither checks at run time).
  return customType<{ data: T extends readonly string[] ? T[number] : string; driverData: string }>({
    dataType: () => 'text COLLATE "C"',
  })(name)
}

/** Block numbers, timestamps, chain ids, unix ms: 64-bit, read back as numbers (they fit in 2^53). */
export const integer = (name: string) => bigint(name, { mode: 'number' })

/** A 256-bit integer column: `numeric(78, 0)` (10^78 > 2^256), range-checked like SQLite's sortable text. */
const bigInteger = (bounds: IntegerBounds) =>
  customType<{ data: bigint; driverData: string }>({
    dataType: () => 'numeric(78, 0)',
    toDriver: (value) => {
      assertIntInBounds({ value, bounds })
      return value.toString()
    },
    fromDriver: (stored) => {
      const value = BigInt(stored)
      if (value < bounds.min || value > bounds.max)
        throw new IntegerCodecError(`Stored value is out of ${bounds.name} range.`, {
          details: `value ${value}`,
        })
      return value
    },
  })

/** A uint256 column. */
export const uint256 = bigInteger(uint256Bounds)
/** An int256 column. */
export const int256 = bigInteger(int256Bounds)
/** A column that holds any uint256 or int256 value. */
export const evmInt = bigInteger(evmIntBounds)

/** `Extra` as canonical JSON text (not jsonb, which reorders keys: the text must equal SQLite's). */
export const extraJson = customType<{ data: Extra; driverData: string }>({
  dataType: () => 'text COLLATE "C"',
  toDriver: (value) => canonicalJson(value),
  fromDriver: (stored) => JSON.parse(stored) as Extra,
})
