import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/better-sqlite3'
import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { afterEach, describe, expect, it } from 'vitest'
import { withStatementCache } from './statement-cache.js'

const items = sqliteTable('items', { id: integer('id').primaryKey(), name: text('name').notNull() })

describe('withStatementCache()', () => {
  let sqlite: Database.Database
  afterEach(() => sqlite.close())

  const open = (size?: number) => {
    sqlite = new Database(':memory:')
    sqlite.exec('CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)')
    sqlite.exec("INSERT INTO items VALUES (1, 'a'), (2, 'b')")
    return withStatementCache({ sqlite, size })
  }

  it('compiles a text once and hands the same statement out again', () => {
    const cached = open()
    const first = cached.prepare('SELECT name FROM items WHERE id = ?')
    expect(cached.prepare('SELECT name FROM items WHERE id = ?')).toBe(first)
    expect(cached.prepare('SELECT id FROM items WHERE id = ?')).not.toBe(first)
  })

  it('hands a statement out in object-row mode even after drizzle turned raw() on', () => {
    const cached = open()
    const statement = cached.prepare('SELECT id, name FROM items ORDER BY id')
    expect(statement.raw().all()).toEqual([
      [1, 'a'],
      [2, 'b'],
    ])
    expect(cached.prepare('SELECT id, name FROM items ORDER BY id').all()).toEqual([
      { id: 1, name: 'a' },
      { id: 2, name: 'b' },
    ])
  })

  it('keeps at most `size` statements, dropping the least recently used', () => {
    const cached = open(2)
    const a = cached.prepare('SELECT 1')
    const b = cached.prepare('SELECT 2')
    expect(cached.prepare('SELECT 1')).toBe(a)
    cached.prepare('SELECT 3')
    expect(cached.prepare('SELECT 1')).toBe(a)
    expect(cached.prepare('SELECT 2')).not.toBe(b)
  })

  it('serves drizzle: repeated selects, writes and transactions read what was written', () => {
    const db = drizzle(open(), { schema: { items } })
    for (const [id, name] of [
      [3, 'c'],
      [4, 'd'],
    ] as const) {
      db.insert(items).values({ id, name }).run()
      expect(db.select().from(items).where(eq(items.id, id)).get()).toEqual({ id, name })
    }
    db.transaction((tx) => tx.insert(items).values({ id: 5, name: 'e' }).run())
    expect(db.select().from(items).all()).toHaveLength(5)
    expect(
      db
        .select({ name: items.name })
        .from(items)
        .all()
        .map((r) => r.name),
    ).toEqual(['a', 'b', 'c', 'd', 'e'])
  })
})
