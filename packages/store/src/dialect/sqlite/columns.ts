import { customType } from 'drizzle-orm/sqlite-core'
import {
  decodeSortableInt,
  encodeSortableInt,
  evmIntBounds,
  type IntegerBounds,
  int256Bounds,
  uint256Bounds,
} from '../../codec/sortable-int.js'
import { canonicalJson, type Extra } from '../extra.js'

/**
 * SQLite has no 256-bit integer, so big integers are stored as fixed-width sortable text
 * (see `encodeSortableInt`): `ORDER BY` and range comparisons on the column are numeric.
 * On PostgreSQL the same columns are `numeric(78, 0)` (see `../postgres/columns.ts`).
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

/** A JSON text column holding `Extra`. */
export const extraJson = customType<{ data: Extra; driverData: string }>({
  dataType: () => 'text',
  toDriver: (value) => canonicalJson(value),
  fromDriver: (text) => JSON.parse(text) as Extra,
})
