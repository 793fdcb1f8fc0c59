import { getTableColumns, is, SQL } from 'drizzle-orm'
import { getTableConfig as getPgTableConfig, type PgTable } from 'drizzle-orm/pg-core'
import { getTableConfig as getSqliteTableConfig, type SQLiteTable } from 'drizzle-orm/sqlite-core'
import { describe, expect, test } from 'vitest'
import { schema as postgres } from './postgres/schema.js'
import { schema as sqlite } from './sqlite/schema.js'

type Config = ReturnType<typeof getSqliteTableConfig> | ReturnType<typeof getPgTableConfig>

/** A dialect-free description of one table: what actions and migrations rely on. */
function describeTable(table: SQLiteTable | PgTable, config: Config) {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => ({
    key,
    name: column.name,
    notNull: column.notNull,
    primary: column.primary,
    // Not compared: hasDefault (SQLite marks an integer primary key, a rowid alias, as having one) and
    // enumValues (both schemas take their enums from ../vocabulary.ts; pg's text column is a custom type).
    default: column.default,
  }))
  return {
    name: config.name,
    columns,
    primaryKeys: config.primaryKeys.map((pk) => pk.columns.map((c) => c.name)),
    indexes: config.indexes
      .map((index) => ({
        name: index.config.name,
        unique: index.config.unique,
        columns: index.config.columns.map((c) => ('name' in c ? c.name : String(c))),
        partial: is(index.config.where, SQL),
      }))
      .sort((a, b) => String(a.name).localeCompare(String(b.name))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const reference = fk.reference()
        return {
          columns: reference.columns.map((c) => c.name),
          foreignColumns: reference.foreignColumns.map((c) => c.name),
          onDelete: fk.onDelete ?? 'no action',
        }
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  }
}

describe('the PostgreSQL and SQLite schemas', () => {
  test('declare the same tables with the same JS keys, columns, keys, indexes and foreign keys', () => {
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort())
    for (const key of Object.keys(sqlite) as (keyof typeof sqlite)[]) {
      const lite = describeTable(sqlite[key], getSqliteTableConfig(sqlite[key]))
      const pg = describeTable(postgres[key], getPgTableConfig(postgres[key]))
      expect({ table: key, ...pg }).toEqual({ table: key, ...lite })
    }
  })

  test('would notice a difference (a column missing on one side fails the comparison)', () => {
    const lite = describeTable(sqlite.blocks, getSqliteTableConfig(sqlite.blocks))
    const pg = describeTable(postgres.blocks, getPgTableConfig(postgres.blocks))
    expect({ ...pg, columns: pg.columns.slice(1) }).not.toEqual(lite)
  })
})
